"""Links to a document's PDF in each paper, for the document pages."""

from django import template
from django.urls import reverse

from billing.models import Cotizacion, DocumentoVenta, Pedido
from cpe import pdf
from erp.models import FormatoImpresion

register = template.Library()


CLASES = ((DocumentoVenta, "venta"), (Cotizacion, "cotizacion"), (Pedido, "pedido"))


def url_pdf(documento) -> str:
    clase = next(clase for modelo, clase in CLASES if isinstance(documento, modelo))
    return reverse("cpe:impreso", args=[clase, documento.pk])


@register.inclusion_tag("cpe/enlaces_pdf.html")
def enlaces_pdf(documento):
    base = url_pdf(documento)
    predeterminado = pdf.formato_de(documento)
    return {
        "enlaces": [
            {"titulo": titulo, "url": f"{base}?formato={valor}", "predeterminado": valor == predeterminado}
            for valor, titulo in (
                (FormatoImpresion.A4, "A4"),
                (FormatoImpresion.A5, "A5"),
                (FormatoImpresion.TICKET, "Ticket"),
            )
        ]
    }
