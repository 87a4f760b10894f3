"""The Relazione sulla performance as a document, and its renderers. No ORM here."""
