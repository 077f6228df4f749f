"""XMLDSig enveloped signature of UBL documents, as SUNAT requires it.

The signature goes inside the empty ext:UBLExtensions/ext:UBLExtension/
ext:ExtensionContent the XML builder leaves, with inclusive C14N 1.0, the
enveloped-signature transform, Reference URI="" and the signer's certificate
in KeyInfo. RSA-SHA256 by default; RSA-SHA1 is also accepted by SUNAT.

Written with lxml's C14N and `cryptography` directly for speed; the private
key is loaded once per process and kept by certificate fingerprint, since
loading it costs more than signing many documents.
"""

import base64
import enum
import hashlib
import re
import threading
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from lxml import etree

DS = "http://www.w3.org/2000/09/xmldsig#"
EXT = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
_NS = {"ds": DS, "ext": EXT, "cbc": CBC, "cac": CAC}

C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
# Canonicalizations a received signature may name: (exclusive, with comments).
_CANONICALIZACIONES = {
    C14N: (False, False),
    C14N + "#WithComments": (False, True),
    "http://www.w3.org/2001/10/xml-exc-c14n#": (True, False),
    "http://www.w3.org/2001/10/xml-exc-c14n#WithComments": (True, True),
}
_FIRMAS_RSA = {
    "http://www.w3.org/2000/09/xmldsig#rsa-sha1": hashes.SHA1,
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": hashes.SHA256,
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512": hashes.SHA512,
}
_DIGESTS = {
    "http://www.w3.org/2000/09/xmldsig#sha1": hashlib.sha1,
    "http://www.w3.org/2001/04/xmlenc#sha256": hashlib.sha256,
    "http://www.w3.org/2001/04/xmlenc#sha512": hashlib.sha512,
}
_NCNAME = re.compile(r"^[A-Za-z_][\w.-]*$")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class Algoritmo(enum.StrEnum):
    SHA256 = "sha256"
    SHA1 = "sha1"


# algorithm: (hash for RSA, SignatureMethod, DigestMethod, digest function)
_ALGORITMOS = {
    Algoritmo.SHA256: (
        hashes.SHA256,
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        "http://www.w3.org/2001/04/xmlenc#sha256",
        hashlib.sha256,
    ),
    Algoritmo.SHA1: (
        hashes.SHA1,
        "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
        "http://www.w3.org/2000/09/xmldsig#sha1",
        hashlib.sha1,
    ),
}


class FirmaError(ValueError):
    """The document cannot be signed (no place for the signature, unusable key...)."""


class FirmaInvalida(ValueError):
    """A received signature does not verify; `codigo` is SUNAT's code for the reason."""

    def __init__(self, codigo: str, mensaje: str):
        super().__init__(mensaje)
        self.codigo = codigo


@dataclass(frozen=True)
class Firmado:
    xml: bytes  # the signed document, UTF-8
    hash: str  # DigestValue (base64): the document's "hash" stored and printed in the QR


@dataclass(frozen=True)
class FirmaVerificada:
    hash: str
    certificado: x509.Certificate


@dataclass(frozen=True)
class _Firmante:
    clave: rsa.RSAPrivateKey
    certificado_b64: str


_firmantes: dict[str, _Firmante] = {}
_firmantes_lock = threading.Lock()


def _firmante(certificado_pem: str, clave_pem: str, huella: str) -> _Firmante:
    llave = huella or hashlib.sha256(certificado_pem.encode()).hexdigest()
    firmante = _firmantes.get(llave)
    if firmante is not None:
        return firmante
    try:
        # The PEM may hold the chain after the company's own certificate.
        certificado = x509.load_pem_x509_certificates(certificado_pem.encode())[0]
        clave = serialization.load_pem_private_key(clave_pem.encode(), password=None)
    except (ValueError, TypeError) as exc:
        raise FirmaError(f"El certificado o su clave privada no se pueden leer: {exc}") from exc
    if not isinstance(clave, rsa.RSAPrivateKey):
        raise FirmaError("SUNAT requiere una clave RSA.")
    if clave.public_key().public_numbers() != certificado.public_key().public_numbers():
        raise FirmaError("La clave privada no corresponde al certificado.")
    firmante = _Firmante(
        clave, base64.b64encode(certificado.public_bytes(serialization.Encoding.DER)).decode("ascii")
    )
    with _firmantes_lock:
        _firmantes[llave] = firmante
    return firmante


def _raiz(xml) -> etree._Element:
    if isinstance(xml, etree._Element):
        return xml
    try:
        return etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise FirmaError(f"El XML a firmar no es válido: {exc}") from exc


def _lugar_de_firma(raiz) -> etree._Element:
    """The last empty ext:ExtensionContent (older documents use the first one for other data)."""
    if raiz.find("ext:UBLExtensions//ds:Signature", _NS) is not None:
        raise FirmaError("El documento ya está firmado.")
    vacios = [c for c in raiz.iterfind("ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent", _NS) if len(c) == 0]
    if not vacios:
        raise FirmaError(
            "El XML no tiene un ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent vacío para la firma."
        )
    return vacios[-1]


def _id_firma(raiz) -> str:
    """The Id that cac:Signature points at (its URI '#X'), else cac:Signature/cbc:ID."""
    uri = raiz.findtext("cac:Signature/cac:DigitalSignatureAttachment/cac:ExternalReference/cbc:URI", "", _NS)
    ident = raiz.findtext("cac:Signature/cbc:ID", "", _NS).strip()
    candidato = uri.strip().lstrip("#") or ident or "SIGN"
    # The xmldsig schema types Id as an XML name, which cannot start with a digit (a RUC).
    return candidato if _NCNAME.match(candidato) else f"SIGN{candidato}"


def _sub(padre, nombre: str, texto: str | None = None, **atributos) -> etree._Element:
    hijo = etree.SubElement(padre, f"{{{DS}}}{nombre}", atributos)
    if texto is not None:
        hijo.text = texto
    return hijo


def firmar(
    xml: bytes | etree._Element,
    *,
    certificado: str,
    clave: str,
    huella: str = "",
    algoritmo: Algoritmo | str = Algoritmo.SHA256,
) -> Firmado:
    """Sign a UBL document with the PEM certificate and its unencrypted PEM private key.

    `huella` (the certificate's fingerprint) keys the per-process cache of
    loaded keys; without it the certificate text is hashed instead. An
    element passed in is signed in place.
    """
    rsa_hash, metodo_firma, metodo_digest, digest = _ALGORITMOS[Algoritmo(algoritmo)]
    firmante = _firmante(certificado, clave, huella)
    raiz = _raiz(xml)
    contenido = _lugar_de_firma(raiz)
    # Digest now, before the signature exists: the same octets the enveloped transform gives.
    valor_digest = base64.b64encode(digest(etree.tostring(raiz, method="c14n")).digest()).decode("ascii")

    nsmap = None if contenido.nsmap.get("ds") == DS else {"ds": DS}
    firma = etree.SubElement(contenido, f"{{{DS}}}Signature", {"Id": _id_firma(raiz)}, nsmap=nsmap)
    info = _sub(firma, "SignedInfo")
    _sub(info, "CanonicalizationMethod", Algorithm=C14N)
    _sub(info, "SignatureMethod", Algorithm=metodo_firma)
    referencia = _sub(info, "Reference", URI="")
    _sub(_sub(referencia, "Transforms"), "Transform", Algorithm=ENVELOPED)
    _sub(referencia, "DigestMethod", Algorithm=metodo_digest)
    _sub(referencia, "DigestValue", valor_digest)
    # SignedInfo is canonicalised where it stands, with the namespaces it inherits.
    valor_firma = firmante.clave.sign(etree.tostring(info, method="c14n"), padding.PKCS1v15(), rsa_hash())
    _sub(firma, "SignatureValue", base64.b64encode(valor_firma).decode("ascii"))
    _sub(_sub(_sub(firma, "KeyInfo"), "X509Data"), "X509Certificate", firmante.certificado_b64)
    return Firmado(etree.tostring(raiz.getroottree(), xml_declaration=True, encoding="UTF-8"), valor_digest)


_DECLARACION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_CONTENIDO_VACIO = b"<ext:ExtensionContent></ext:ExtensionContent>"
_NS_RAIZ = re.compile(rb'\sxmlns(?::([A-Za-z_][\w.-]*))?="([^"]*)"')
_URI_FIRMA = re.compile(rb"<cac:ExternalReference><cbc:URI>#?([^<]*)</cbc:URI>")


def firmar_canonico(
    xml: bytes,
    *,
    certificado: str,
    clave: str,
    huella: str = "",
    algoritmo: Algoritmo | str = Algoritmo.SHA256,
) -> Firmado:
    """Sign a document whose bytes after the XML declaration are already its inclusive C14N form.

    cpe.ubl writes its documents that way (ds declared on the root, the
    ExtensionContent written open and closed), so the digest is taken over the
    bytes as they are and the signature is written in as text: parsing and
    canonicalising cost more than the RSA signature itself. The signature is
    the one firmar() makes; any other input goes through firmar().
    """
    cuerpo = xml.split(b"?>", 1)[1].lstrip() if xml.startswith(b"<?xml") else xml
    fin_raiz = cuerpo.find(b">")
    declarados = {prefijo.decode(): uri.decode() for prefijo, uri in _NS_RAIZ.findall(cuerpo[:fin_raiz])}
    lugar = cuerpo.rfind(_CONTENIDO_VACIO)
    if declarados.get("ds") != DS or lugar < 0 or b"<ds:Signature" in cuerpo:
        return firmar(xml, certificado=certificado, clave=clave, huella=huella, algoritmo=algoritmo)
    rsa_hash, metodo_firma, metodo_digest, digest = _ALGORITMOS[Algoritmo(algoritmo)]
    firmante = _firmante(certificado, clave, huella)
    valor_digest = base64.b64encode(digest(cuerpo).digest()).decode("ascii")
    uri = _URI_FIRMA.search(cuerpo)
    candidato = uri.group(1).decode().strip() if uri else ""
    id_firma = candidato if _NCNAME.match(candidato) else f"SIGN{candidato}"
    hijos = (
        f'<ds:CanonicalizationMethod Algorithm="{C14N}"></ds:CanonicalizationMethod>'
        f'<ds:SignatureMethod Algorithm="{metodo_firma}"></ds:SignatureMethod>'
        f'<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="{ENVELOPED}"></ds:Transform></ds:Transforms>'
        f'<ds:DigestMethod Algorithm="{metodo_digest}"></ds:DigestMethod>'
        f"<ds:DigestValue>{valor_digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>"
    )
    # Inclusive C14N of SignedInfo carries every namespace in scope, default first, then by prefix.
    espacios = "".join(
        f' xmlns{":" + prefijo if prefijo else ""}="{uri}"' for prefijo, uri in sorted(declarados.items())
    )
    info_canonica = f"<ds:SignedInfo{espacios}>{hijos}".encode()
    valor_firma = base64.b64encode(firmante.clave.sign(info_canonica, padding.PKCS1v15(), rsa_hash())).decode("ascii")
    firma = (
        f'<ext:ExtensionContent><ds:Signature Id="{id_firma}"><ds:SignedInfo>{hijos}'
        f"<ds:SignatureValue>{valor_firma}</ds:SignatureValue><ds:KeyInfo><ds:X509Data>"
        f"<ds:X509Certificate>{firmante.certificado_b64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>"
        "</ds:Signature></ext:ExtensionContent>"
    ).encode()
    firmado = b"".join((_DECLARACION, cuerpo[:lugar], firma, cuerpo[lugar + len(_CONTENIDO_VACIO) :]))
    return Firmado(firmado, valor_digest)


def firmar_para_empresa(
    xml: bytes | etree._Element, empresa, *, algoritmo: Algoritmo | str = Algoritmo.SHA256, canonico: bool = False
) -> Firmado:
    """Sign with the company's certificate (erp.Empresa: certificado, certificado_clave, certificado_huella).

    `canonico`: the bytes are already in C14N form (cpe.ubl's documents), see firmar_canonico.
    """
    if not empresa.tiene_certificado:
        raise FirmaError(f"La empresa {empresa.ruc} no tiene un certificado digital cargado.")
    return (firmar_canonico if canonico else firmar)(
        xml,
        certificado=empresa.certificado,
        clave=empresa.certificado_clave,
        huella=empresa.certificado_huella,
        algoritmo=algoritmo,
    )


def _canonico(elemento, algoritmo: str) -> bytes:
    if algoritmo not in _CANONICALIZACIONES:
        raise FirmaInvalida("2086", f"Canonicalización no soportada: {algoritmo}")
    exclusivo, comentarios = _CANONICALIZACIONES[algoritmo]
    return etree.tostring(elemento, method="c14n", exclusive=exclusivo, with_comments=comentarios)


def _canonico_sin_firma(raiz, firma, algoritmo: str) -> bytes:
    """The document canonicalised without the signature element (enveloped transform).

    The element is taken out and put back; the text around it stays, as in
    the transform's node-set (lxml would otherwise drop the tail with it).
    """
    padre, anterior, cola = firma.getparent(), firma.getprevious(), firma.tail
    indice, texto_padre = padre.index(firma), padre.text
    cola_anterior = anterior.tail if anterior is not None else None
    padre.remove(firma)
    if cola:
        if anterior is not None:
            anterior.tail = (anterior.tail or "") + cola
        else:
            padre.text = (padre.text or "") + cola
    try:
        return _canonico(raiz, algoritmo)
    finally:
        if anterior is not None:
            anterior.tail = cola_anterior
        else:
            padre.text = texto_padre
        padre.insert(indice, firma)
        firma.tail = cola


def verificar_firma(xml: bytes | etree._Element) -> FirmaVerificada:
    """Check a signed UBL document with the certificate it carries; raise FirmaInvalida if it fails."""
    try:
        raiz = xml if isinstance(xml, etree._Element) else etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise FirmaInvalida("0306", f"No se puede leer (parsear) el archivo XML: {exc}") from exc
    firma = raiz.find("ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/ds:Signature", _NS)
    if firma is None:
        raise FirmaInvalida("1059", "El XML no contiene firma digital.")
    info = firma.find("ds:SignedInfo", _NS)
    referencias = info.findall("ds:Reference", _NS) if info is not None else []
    if len(referencias) != 1 or referencias[0].get("URI") != "":
        raise FirmaInvalida("2090", "La firma debe tener una sola referencia, con URI vacío (el documento entero).")
    referencia = referencias[0]
    transformaciones = [t.get("Algorithm") for t in referencia.iterfind("ds:Transforms/ds:Transform", _NS)]
    if ENVELOPED not in transformaciones:
        raise FirmaInvalida("2092", "La referencia no aplica la transformación enveloped-signature.")
    otras = [t for t in transformaciones if t != ENVELOPED]
    metodo_digest = referencia.find("ds:DigestMethod", _NS)
    digest = _DIGESTS.get(metodo_digest.get("Algorithm") if metodo_digest is not None else "")
    if digest is None:
        raise FirmaInvalida("2094", "Algoritmo de resumen (DigestMethod) no soportado.")
    documento = _canonico_sin_firma(raiz, firma, otras[-1] if otras else C14N)
    valor_digest = base64.b64encode(digest(documento).digest()).decode("ascii")
    if valor_digest != "".join((referencia.findtext("ds:DigestValue", namespaces=_NS) or "").split()):
        raise FirmaInvalida("2335", "El documento electrónico ingresado ha sido alterado (el resumen no coincide).")

    certificado_b64 = "".join(firma.findtext("ds:KeyInfo/ds:X509Data/ds:X509Certificate", "", _NS).split())
    if not certificado_b64:
        raise FirmaInvalida("2101", "La firma no incluye el certificado (X509Certificate).")
    try:
        certificado = x509.load_der_x509_certificate(base64.b64decode(certificado_b64))
    except ValueError as exc:
        raise FirmaInvalida("2100", f"El certificado de la firma no se puede leer: {exc}") from exc
    metodo = info.find("ds:SignatureMethod", _NS)
    rsa_hash = _FIRMAS_RSA.get(metodo.get("Algorithm") if metodo is not None else "")
    if rsa_hash is None:
        raise FirmaInvalida("2088", "Algoritmo de firma (SignatureMethod) no soportado.")
    c14n = info.find("ds:CanonicalizationMethod", _NS)
    try:
        certificado.public_key().verify(
            base64.b64decode("".join((firma.findtext("ds:SignatureValue", namespaces=_NS) or "").split())),
            _canonico(info, c14n.get("Algorithm") if c14n is not None else ""),
            padding.PKCS1v15(),
            rsa_hash(),
        )
    except InvalidSignature as exc:
        raise FirmaInvalida(
            "2334", "El documento electrónico ingresado ha sido alterado (la firma no es válida)."
        ) from exc
    except (ValueError, TypeError) as exc:
        raise FirmaInvalida("2336", f"Ocurrió un error en el proceso de validación de la firma digital: {exc}") from exc
    return FirmaVerificada(valor_digest, certificado)
