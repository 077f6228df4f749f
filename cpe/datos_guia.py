"""A guía de remisión as the CPE engine's dataclasses (cpe.domain_guia): the ORM side of the adapter."""

from billing.models import GuiaRemision, TipoGuia
from billing.puertos import AEROPUERTOS, PUERTOS
from cpe import domain, domain_guia
from cpe.datos_documento import _emisor
from erp.models.referencia import distrito_por_id


def _punto(distrito_id, direccion: str, establecimiento: str, ruc: str) -> domain_guia.Punto:
    ubigeo = distrito_por_id(distrito_id).ubigeo if distrito_id else ""
    return domain_guia.Punto(ubigeo, direccion, establecimiento, ruc if establecimiento else "")


def _socio(socio) -> domain.Cliente:
    return domain.Cliente(socio.tipo_documento.codigo, socio.numero_documento or "-", socio.razon_social)


def _puerto(valor: str) -> domain_guia.Puerto | None:
    """ "1-CLL" (catálogo 63) or "2-LIM" (64) as the port the builder writes."""
    if not valor:
        return None
    tipo, codigo = valor.split("-", 1)
    return domain_guia.Puerto(tipo, codigo, (PUERTOS if tipo == "1" else AEROPUERTOS)[codigo][0])


def guia_de(guia: GuiaRemision) -> domain_guia.Guia:
    """The issued guide as the DespatchAdvice builder reads it."""
    ruc = guia.empresa.ruc
    transportista = None
    if guia.transportista_ruc:
        transportista = domain_guia.Transportista(guia.transportista_ruc, guia.transportista_razon_social, guia.transportista_mtc)
    es_31 = guia.tipo == TipoGuia.TRANSPORTISTA
    return domain_guia.Guia(
        tipo_documento=guia.tipo,
        serie=guia.serie.serie,
        numero=guia.numero,
        fecha_emision=guia.fecha_emision,
        hora_emision=guia.hora_emision,
        emisor=_emisor(guia),
        destinatario=domain.Cliente(guia.destinatario_tipo_documento, guia.destinatario_numero_documento, guia.destinatario_razon_social),
        fecha_inicio=guia.fecha_inicio,
        peso_bruto=guia.peso_bruto,
        unidad_peso=guia.unidad_peso,
        bultos=guia.bultos,
        partida=_punto(guia.partida_distrito_id, guia.partida_direccion, guia.partida_establecimiento, ruc),
        llegada=_punto(guia.llegada_distrito_id, guia.llegada_direccion, guia.llegada_establecimiento, ruc),
        lineas=tuple(
            domain_guia.LineaGuia(ln.cantidad, ln.unidad_id, ln.descripcion, ln.codigo) for ln in guia.lineas.all()
        ),
        motivo=guia.motivo,
        descripcion_motivo=guia.descripcion_motivo,
        modalidad=guia.modalidad,
        transportista=transportista,
        vehiculos=tuple(domain_guia.Vehiculo(v.placa) for v in guia.vehiculos.all()),
        conductores=tuple(
            domain_guia.Conductor(c.tipo_documento, c.numero_documento, c.nombres, c.apellidos, c.licencia)
            for c in guia.conductores.all()
        ),
        documentos=tuple(domain_guia.DocumentoGuia(d.tipo, d.numero, d.ruc_emisor) for d in guia.documentos.all()),
        remitente=_socio(guia.remitente) if es_31 and guia.remitente_id else None,
        proveedor=_socio(guia.proveedor) if guia.proveedor_id and not es_31 else None,
        puerto=_puerto(guia.puerto),
        registro_mtc=guia.transportista_mtc if es_31 else "",
        observacion=guia.observaciones,
    )
