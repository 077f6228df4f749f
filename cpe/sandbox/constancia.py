"""The CDR the sandbox answers with: a signed UBL 2.1 ApplicationResponse in `R-{name}.zip`."""

import itertools
import time

from django.utils import timezone
from lxml.builder import ElementMaker

from cpe.empaquetado import empaquetar
from cpe.errores import mensaje_sunat
from cpe.firma import firmar

AR = "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
EXT = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
DS = "http://www.w3.org/2000/09/xmldsig#"
_NSMAP = {"ar": AR, "cac": CAC, "cbc": CBC, "ext": EXT, "ds": DS}
_AR, _CAC, _CBC, _EXT = (ElementMaker(namespace=ns, nsmap=_NSMAP) for ns in (AR, CAC, CBC, EXT))
RUC_SUNAT = "20131312955"
_secuencia = itertools.count()

# How SUNAT names each document in an acceptance: (article and name, participle ending).
_NOMBRES = {
    "01": ("La Factura numero", "a"),
    "03": ("La Boleta numero", "a"),
    "07": ("La Nota de Credito numero", "a"),
    "08": ("La Nota de Debito numero", "a"),
    "20": ("El Comprobante de Retencion numero", "o"),
    "40": ("El Comprobante de Percepcion numero", "o"),
    "RC": ("El Resumen diario", "o"),
    "RA": ("La Comunicacion de baja", "a"),
    "RR": ("El Resumen de reversiones", "o"),
    "09": ("La Guia de Remision Remitente numero", "a"),
    "31": ("La Guia de Remision Transportista numero", "a"),
}


def descripcion_aceptado(tipo: str, referencia: str) -> str:
    """'La Factura numero F001-1, ha sido aceptada', as SUNAT writes it."""
    nombre, genero = _NOMBRES[tipo]
    return f"{nombre} {referencia}, ha sido aceptad{genero}"


def _partido(ruc: str):
    return _CAC.PartyIdentification(_CBC.ID(ruc))


def constancia(
    *,
    certificado,
    nombre: str,
    tipo: str,
    referencia: str,
    ruc_emisor: str,
    codigo: str,
    observaciones: list[str] = (),
    receptor: str = "",
    enlace: str = "",
) -> tuple[str, bytes]:
    """(description, zip) of the CDR for document `nombre` (RUC-TT-SERIE-N) with ResponseCode `codigo`.

    `certificado` is the sandbox's CertificadoSandbox; `receptor` the
    customer as 'tipo-número' (6-20100000001), when the document has one;
    `enlace` the URL a guide's CDR gives for its QR (DocumentDescription).
    """
    ahora = timezone.localtime()
    descripcion = descripcion_aceptado(tipo, referencia) if codigo == "0" else mensaje_sunat(codigo)
    respuesta_documento = _CAC.DocumentResponse(
        _CAC.Response(
            _CBC.ReferenceID(referencia),
            _CBC.ResponseCode(codigo, listAgencyName="PE:SUNAT"),
            _CBC.Description(descripcion),
        ),
        _CAC.DocumentReference(_CBC.ID(referencia), *([_CBC.DocumentDescription(enlace)] if enlace else [])),
    )
    if receptor:
        respuesta_documento.append(_CAC.RecipientParty(_partido(receptor)))
    raiz = _AR.ApplicationResponse(
        _EXT.UBLExtensions(_EXT.UBLExtension(_EXT.ExtensionContent())),
        _CBC.UBLVersionID("2.1"),
        _CBC.CustomizationID("1.0"),
        _CBC.ID(f"{int(time.time() * 1000)}{next(_secuencia) % 1000:03d}"),
        _CBC.IssueDate(ahora.date().isoformat()),
        _CBC.IssueTime(ahora.strftime("%H:%M:%S")),
        _CBC.ResponseDate(ahora.date().isoformat()),
        _CBC.ResponseTime(ahora.strftime("%H:%M:%S")),
        *(_CBC.Note(f"{obs} - {mensaje_sunat(obs)}") for obs in observaciones),
        _CAC.Signature(
            _CBC.ID("SignSUNAT"),
            _CAC.SignatoryParty(_partido(RUC_SUNAT), _CAC.PartyName(_CBC.Name("SUNAT"))),
            _CAC.DigitalSignatureAttachment(_CAC.ExternalReference(_CBC.URI("#SignSUNAT"))),
        ),
        _CAC.SenderParty(_partido(RUC_SUNAT)),
        _CAC.ReceiverParty(_partido(ruc_emisor)),
        respuesta_documento,
    )
    firmado = firmar(raiz, certificado=certificado.certificado, clave=certificado.clave, huella=certificado.huella)
    return descripcion, empaquetar(f"R-{nombre}", firmado.xml)

