"""Managers shared by the CPE models."""

from django.db import models


class SinArchivos(models.Manager):
    """Lists never load the XML, zip and CDR bytes."""

    def get_queryset(self):
        return super().get_queryset().defer("xml", "zip", "cdr")
