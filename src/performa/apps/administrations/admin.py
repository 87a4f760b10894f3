from django.contrib import admin

from performa.apps.administrations.models import (
    Administration,
    Membership,
    OrganisationalUnit,
    Person,
)


@admin.register(Administration)
class AdministrationAdmin(admin.ModelAdmin[Administration]):
    list_display = ["code", "name", "created_at"]
    search_fields = ["code", "name"]


@admin.register(OrganisationalUnit)
class OrganisationalUnitAdmin(admin.ModelAdmin[OrganisationalUnit]):
    list_display = ["code", "name", "parent", "administration"]
    list_filter = ["administration"]
    search_fields = ["code", "name"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ["code", "name", "title", "administration"]
    list_filter = ["administration"]
    search_fields = ["code", "name", "title"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "administration", "role", "person"]
    list_filter = ["administration", "role"]
    filter_horizontal = ["units"]
