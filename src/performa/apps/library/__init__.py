"""The indicator library: indicators defined once, shared by administrations, adopted into cycles."""
