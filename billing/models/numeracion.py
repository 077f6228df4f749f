"""Gap-free numbering in a series, shared by sales documents and guías de remisión.

A draft has no number; issuing takes the series' next one under its row lock
(erp.services.serie_asignar_numero), so a rolled-back issue gives it back.
"""

from django.db import models


def restricciones_de_numeracion(prefijo: str) -> list:
    """The database's guarantees: one document per number of a series, and a number exactly when issued."""
    return [
        models.UniqueConstraint(fields=["serie", "numero"], name=f"{prefijo}_numero_unico_en_serie", condition=models.Q(numero__isnull=False)),
        models.CheckConstraint(
            condition=models.Q(estado="borrador", numero__isnull=True) | ~models.Q(estado="borrador") & models.Q(numero__isnull=False),
            name=f"{prefijo}_numero_solo_al_emitir",
        ),
    ]


class NumeradoEnSerie:
    """`numero_completo` of a model with `serie` and `numero`: F001-00000025, or F001-(borrador) before its issue."""

    @property
    def numero_completo(self) -> str:
        if self.numero is None:
            return f"{self.serie.serie}-(borrador)"
        return f"{self.serie.serie}-{self.numero:08d}"
