"""Reads of the core that views, admin and APIs share."""


def filtrar_por_sucursal(queryset, user, lookup: str = "sucursal"):
    """Only the rows of the branches `user` may see; `lookup` leads from the row to its Sucursal."""
    if user.ve_todas_las_sucursales:
        return queryset
    return queryset.filter(**{f"{lookup}__in": user.ids_sucursales})
