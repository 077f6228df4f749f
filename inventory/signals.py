from django.db.models.signals import post_save
from django.dispatch import receiver

from erp.models import Sucursal


@receiver(post_save, sender=Sucursal, dispatch_uid="inventory_almacen_principal")
def crear_almacen_principal(sender, instance, created, raw=False, **kwargs):
    # Every branch can sell from the moment it exists.
    if created and not raw:
        from .services import almacen_principal_crear

        almacen_principal_crear(sucursal=instance)
