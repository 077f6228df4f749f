from .base import Auditado, EmpresaDeSucursal
from .empresa import Empresa, EntornoSunat, FormatoImpresion, Serie, Sucursal, TipoSerie
from .referencia import (
    Departamento,
    Distrito,
    Moneda,
    Pais,
    Provincia,
    TipoComprobante,
    TipoDocumentoIdentidad,
    UnidadMedida,
)
from .socios import Cliente, Contacto, Direccion, Proveedor, Sexo, Socio
from .usuarios import ApiKey, IntentoAcceso, Modulo, PerfilPermiso, Usuario

__all__ = [
    "ApiKey",
    "Auditado",
    "EmpresaDeSucursal",
    "Cliente",
    "Contacto",
    "Departamento",
    "Direccion",
    "Distrito",
    "Empresa",
    "EntornoSunat",
    "FormatoImpresion",
    "IntentoAcceso",
    "Moneda",
    "Modulo",
    "Pais",
    "PerfilPermiso",
    "Proveedor",
    "Provincia",
    "Serie",
    "Sexo",
    "Socio",
    "Sucursal",
    "TipoComprobante",
    "TipoDocumentoIdentidad",
    "TipoSerie",
    "UnidadMedida",
    "Usuario",
]
