"""Personnel, attendance and payroll (planilla), with the legal parameters as dated rows."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from erp.models import Empresa, Sucursal, TipoDocumentoIdentidad
from erp.models.base import Auditado, EmpresaDeSucursal
from erp.validadores import validar_documento_identidad

from . import calculo


class Concepto(models.TextChoices):
    RMV = "rmv", "Remuneración mínima vital (S/)"
    UIT = "uit", "UIT (S/)"
    ONP = "onp", "ONP (%)"
    ESSALUD = "essalud", "EsSalud (%)"
    ESSALUD_EPS = "essalud_eps", "EsSalud con EPS (%)"
    ASIGNACION = "asignacion", "Asignación familiar (% de la RMV)"
    BONIFICACION = "bonificacion", "Bonificación extraordinaria (%)"
    BONIFICACION_EPS = "bonificacion_eps", "Bonificación extraordinaria con EPS (%)"
    DEDUCCION_QUINTA = "deduccion_quinta", "Deducción de quinta categoría (UIT)"


class ParametroLegal(Auditado):
    concepto = models.CharField(max_length=20, choices=Concepto.choices)
    valor = models.DecimalField(max_digits=12, decimal_places=4)
    vigente_desde = models.DateField("vigente desde")
    norma = models.CharField("norma", max_length=120, blank=True)

    class Meta:
        ordering = ["concepto", "-vigente_desde"]
        verbose_name = "parámetro legal"
        verbose_name_plural = "parámetros legales"
        constraints = [models.UniqueConstraint(fields=["concepto", "vigente_desde"], name="hr_parametro_unico")]

    def __str__(self):
        return f"{self.get_concepto_display()} {self.valor} desde {self.vigente_desde:%d/%m/%Y}"


class Afp(models.TextChoices):
    HABITAT = "habitat", "AFP Habitat"
    INTEGRA = "integra", "AFP Integra"
    PRIMA = "prima", "Prima AFP"
    PROFUTURO = "profuturo", "Profuturo AFP"


class TasaAfp(Auditado):
    """One AFP's rates for the months from `vigente_desde` (the SBS publishes them monthly)."""

    afp = models.CharField("AFP", max_length=12, choices=Afp.choices)
    vigente_desde = models.DateField("vigente desde")
    aporte = models.DecimalField("aporte al fondo (%)", max_digits=6, decimal_places=3)
    prima = models.DecimalField("prima de seguro (%)", max_digits=6, decimal_places=3)
    comision_flujo = models.DecimalField("comisión sobre flujo (%)", max_digits=6, decimal_places=3)
    comision_mixta = models.DecimalField("comisión mixta sobre flujo (%)", max_digits=6, decimal_places=3)
    remuneracion_maxima = models.DecimalField("remuneración máxima asegurable (S/)", max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["afp", "-vigente_desde"]
        verbose_name = "tasa de AFP"
        verbose_name_plural = "tasas de AFP"
        constraints = [models.UniqueConstraint(fields=["afp", "vigente_desde"], name="hr_tasa_afp_unica")]

    def __str__(self):
        return f"{self.get_afp_display()} desde {self.vigente_desde:%d/%m/%Y}"


class TramoQuinta(Auditado):
    vigente_desde = models.DateField("vigente desde")
    hasta_uit = models.DecimalField("hasta (UIT)", max_digits=6, decimal_places=2, null=True, blank=True,
                                    help_text="Vacío en el último tramo.")
    tasa = models.DecimalField("tasa (%)", max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["-vigente_desde", models.F("hasta_uit").asc(nulls_last=True)]
        verbose_name = "tramo de quinta categoría"
        verbose_name_plural = "tramos de quinta categoría"

    def __str__(self):
        return f"{self.tasa} % hasta {self.hasta_uit or 'más'} UIT"


class Regimen(models.TextChoices):
    GENERAL = calculo.GENERAL, "General"
    PEQUENA = calculo.PEQUENA, "Pequeña empresa"
    MICRO = calculo.MICRO, "Microempresa"


class SistemaPension(models.TextChoices):
    ONP = calculo.ONP, "ONP"
    AFP = calculo.AFP, "AFP"


class TipoComision(models.TextChoices):
    FLUJO = calculo.FLUJO, "Sobre flujo"
    MIXTA = calculo.MIXTA, "Mixta"


class TipoRemuneracion(models.TextChoices):
    MENSUAL = "mensual", "Mensual"
    QUINCENAL = "quincenal", "Quincenal"
    POR_HORA = "hora", "Por hora"


class Horario(Auditado):
    """Working hours of a person, or of an area for those without their own."""

    empresa = models.ForeignKey(Empresa, on_delete=models.CASCADE, related_name="horarios")
    nombre = models.CharField(max_length=80)
    area = models.CharField("área", max_length=80, blank=True, help_text="Se aplica a quien no tiene horario propio.")
    entrada = models.TimeField()
    salida = models.TimeField()
    tolerancia = models.PositiveSmallIntegerField("tolerancia (minutos)", default=5)
    sabado = models.BooleanField("trabaja los sábados", default=False)

    ruta_empresa = "empresa"

    class Meta:
        ordering = ["nombre"]
        verbose_name = "horario"
        verbose_name_plural = "horarios"

    def __str__(self):
        return f"{self.nombre} ({self.entrada:%H:%M}–{self.salida:%H:%M})"


def validar_foto(archivo) -> None:
    """Only JPEG, GIF or PNG up to 2 MB, judged by the bytes, not the name."""
    if archivo.size > 2 * 1024 * 1024:
        raise ValidationError("La foto no puede pasar de 2 MB.")
    from PIL import Image, UnidentifiedImageError

    posicion = archivo.tell() if hasattr(archivo, "tell") else 0
    try:
        with Image.open(archivo) as imagen:
            formato = imagen.format
            imagen.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError("La foto no es una imagen válida (use JPG, GIF o PNG).") from exc
    finally:
        archivo.seek(posicion)
    if formato not in {"JPEG", "GIF", "PNG"}:
        raise ValidationError("La foto debe ser JPG, GIF o PNG.")


# Salary and pension fields: shown only to profiles with the payroll permission (hr.ver_remuneraciones).
REMUNERACION = (
    "tipo_remuneracion", "sueldo_basico", "hijos", "sistema_pension", "afp", "tipo_comision", "cuspp", "eps", "banco", "cuenta_bancaria",
    "retencion_judicial",
)  # fmt: skip


class Empleado(EmpresaDeSucursal, Auditado):
    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, editable=False, related_name="empleados")
    sucursal = models.ForeignKey(Sucursal, on_delete=models.PROTECT, related_name="empleados")
    usuario = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="empleado", verbose_name="usuario del sistema")
    # Detalle del perfil
    nombres = models.CharField(max_length=100)
    apellidos = models.CharField(max_length=100)
    tipo_documento = models.ForeignKey(TipoDocumentoIdentidad, on_delete=models.PROTECT, verbose_name="tipo de documento")
    numero_documento = models.CharField("número de documento", max_length=15)
    fecha_nacimiento = models.DateField("fecha de nacimiento", null=True, blank=True)
    sexo = models.CharField(max_length=1, choices=[("M", "Masculino"), ("F", "Femenino")], blank=True)
    cargo = models.CharField(max_length=80, blank=True)
    area = models.CharField("área", max_length=80, blank=True)
    fecha_ingreso = models.DateField("fecha de ingreso")
    fecha_cese = models.DateField("fecha de cese", null=True, blank=True)
    tipo_contrato = models.CharField("tipo de contrato", max_length=20, default="indeterminado", choices=[
        ("indeterminado", "Plazo indeterminado"), ("plazo_fijo", "Plazo fijo"), ("parcial", "Tiempo parcial"),
        ("practicas", "Prácticas"),
    ])
    regimen = models.CharField("régimen laboral", max_length=10, choices=Regimen.choices, default=Regimen.GENERAL)
    horario = models.ForeignKey(Horario, on_delete=models.SET_NULL, null=True, blank=True, related_name="empleados")
    # Información de contacto
    email = models.EmailField(blank=True)
    telefono = models.CharField("teléfono", max_length=30, blank=True)
    direccion = models.CharField("dirección", max_length=250, blank=True)
    contacto_emergencia = models.CharField("contacto de emergencia", max_length=150, blank=True)
    foto = models.ImageField("foto de perfil", upload_to="hr/fotos/", blank=True, validators=[validar_foto])
    # Remuneración
    tipo_remuneracion = models.CharField("tipo de remuneración", max_length=10, choices=TipoRemuneracion.choices,
                                         default=TipoRemuneracion.MENSUAL)
    sueldo_basico = models.DecimalField("sueldo básico (S/)", max_digits=12, decimal_places=2,
                                        validators=[MinValueValidator(Decimal("0"))],
                                        help_text="Mensual; por hora, el valor de la hora.")
    hijos = models.PositiveSmallIntegerField("hijos con derecho a asignación familiar", default=0)
    sistema_pension = models.CharField("sistema de pensiones", max_length=3, choices=SistemaPension.choices,
                                       default=SistemaPension.ONP)
    afp = models.CharField("AFP", max_length=12, choices=Afp.choices, blank=True)
    tipo_comision = models.CharField("tipo de comisión", max_length=6, choices=TipoComision.choices, blank=True)
    cuspp = models.CharField("CUSPP", max_length=12, blank=True)
    eps = models.BooleanField("afiliado a una EPS", default=False)
    banco = models.CharField(max_length=60, blank=True)
    cuenta_bancaria = models.CharField("cuenta de abono", max_length=30, blank=True)
    retencion_judicial = models.DecimalField("retención judicial (%)", max_digits=5, decimal_places=2, default=0,
                                             validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))])
    # Aprobar documentos (the purchases approval step reads these)
    aprueba_requerimientos = models.BooleanField("aprueba requerimientos de compra", default=False)
    aprueba_cotizaciones = models.BooleanField("aprueba cotizaciones", default=False)
    aprueba_ordenes_compra = models.BooleanField("aprueba órdenes de compra", default=False)
    aprueba_gastos = models.BooleanField("aprueba gastos", default=False)
    # Notificaciones
    notificar_boleta = models.BooleanField("enviar la boleta de pago por correo", default=False)
    notificar_asistencia = models.BooleanField("avisar tardanzas y faltas", default=False)
    codigo = models.CharField("código de asistencia", max_length=8, editable=False)
    activo = models.BooleanField(default=True)

    ruta_empresa = "empresa"

    class Meta:
        ordering = ["apellidos", "nombres"]
        verbose_name = "empleado"
        verbose_name_plural = "personal"
        permissions = [("ver_remuneraciones", "Ver remuneraciones y planillas")]
        constraints = [
            models.UniqueConstraint(fields=["empresa", "tipo_documento", "numero_documento"], name="hr_empleado_documento"),
            models.UniqueConstraint(fields=["codigo"], name="hr_empleado_codigo"),
        ]

    def __str__(self):
        return f"{self.apellidos}, {self.nombres}"

    def clean(self):
        if self.tipo_documento_id and self.numero_documento:
            try:
                validar_documento_identidad(self.tipo_documento.codigo, self.numero_documento)
            except ValidationError as exc:
                raise ValidationError({"numero_documento": exc.messages}) from exc
            if self.tomar_empresa_de_sucursal():
                self.exigir_unico("numero_documento", "Ya hay un empleado con ese documento.",
                                  tipo_documento_id=self.tipo_documento_id, numero_documento=self.numero_documento)
        if self.sistema_pension == SistemaPension.AFP:
            errores = {}
            if not self.afp:
                errores["afp"] = "Indique la AFP."
            if not self.cuspp:
                errores["cuspp"] = "Un afiliado a una AFP necesita su CUSPP."
            if not self.tipo_comision:
                errores["tipo_comision"] = "Indique el tipo de comisión."
            if errores:
                raise ValidationError(errores)
        if self.fecha_cese and self.fecha_ingreso and self.fecha_cese < self.fecha_ingreso:
            raise ValidationError({"fecha_cese": "La fecha de cese no puede ser anterior al ingreso."})

    @property
    def nombre_completo(self) -> str:
        return f"{self.nombres} {self.apellidos}"


class TipoMarcacion(models.TextChoices):
    ENTRADA = "entrada", "Entrada"
    SALIDA = "salida", "Salida"


class Marcacion(models.Model):
    empleado = models.ForeignKey(Empleado, on_delete=models.CASCADE, related_name="marcaciones")
    fecha_hora = models.DateTimeField("fecha y hora")
    tipo = models.CharField(max_length=7, choices=TipoMarcacion.choices)
    origen = models.CharField(max_length=10, default="kiosko", choices=[("kiosko", "Kiosko"), ("api", "Dispositivo"),
                                                                        ("manual", "Manual")])

    class Meta:
        ordering = ["-fecha_hora"]
        verbose_name = "marcación"
        verbose_name_plural = "marcaciones"
        indexes = [models.Index(fields=["empleado", "fecha_hora"])]

    def __str__(self):
        return f"{self.empleado} {self.get_tipo_display()} {self.fecha_hora:%d/%m/%Y %H:%M}"


class TipoLicencia(models.TextChoices):
    LICENCIA = "licencia", "Licencia con goce"
    SIN_GOCE = "sin_goce", "Licencia sin goce"
    VACACIONES = "vacaciones", "Vacaciones"
    DESCANSO_MEDICO = "descanso", "Descanso médico"


class Licencia(Auditado):
    """A justified absence: the days it covers are not counted as faltas."""

    empleado = models.ForeignKey(Empleado, on_delete=models.CASCADE, related_name="licencias")
    tipo = models.CharField(max_length=10, choices=TipoLicencia.choices)
    desde = models.DateField()
    hasta = models.DateField()
    motivo = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-desde"]
        verbose_name = "licencia o ausencia justificada"
        verbose_name_plural = "licencias y vacaciones"

    def __str__(self):
        return f"{self.get_tipo_display()} de {self.empleado} ({self.desde:%d/%m}–{self.hasta:%d/%m/%Y})"

    def clean(self):
        if self.desde and self.hasta and self.hasta < self.desde:
            raise ValidationError({"hasta": "La fecha final no puede ser anterior a la inicial."})


class Adelanto(Auditado):
    empleado = models.ForeignKey(Empleado, on_delete=models.CASCADE, related_name="adelantos")
    fecha = models.DateField()
    monto = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    concepto = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-fecha"]
        verbose_name = "adelanto"
        verbose_name_plural = "adelantos"

    def __str__(self):
        return f"Adelanto de {self.empleado} S/ {self.monto}"


class EstadoPlanilla(models.TextChoices):
    ABIERTA = "abierta", "Abierta"
    CERRADA = "cerrada", "Cerrada"
    PAGADA = "pagada", "Pagada"


class TipoPeriodo(models.TextChoices):
    MENSUAL = "mensual", "Mensual"
    PRIMERA_QUINCENA = "quincena1", "1.ª quincena (1–15)"
    SEGUNDA_QUINCENA = "quincena2", "2.ª quincena (16–fin de mes)"


class Planilla(EmpresaDeSucursal, Auditado):
    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, editable=False, related_name="planillas")
    sucursal = models.ForeignKey(Sucursal, on_delete=models.PROTECT, related_name="planillas")
    periodo = models.DateField("periodo", help_text="Primer día del mes.")
    tipo_periodo = models.CharField("tipo de periodo", max_length=10, choices=TipoPeriodo.choices,
                                    default=TipoPeriodo.MENSUAL,
                                    help_text="La mensual paga a quien cobra por mes o por hora; las quincenas, a quien cobra por quincena.")
    estado = models.CharField(max_length=8, choices=EstadoPlanilla.choices, default=EstadoPlanilla.ABIERTA)
    total_ingresos = models.DecimalField("total ingresos", max_digits=14, decimal_places=2, default=0)
    total_descuentos = models.DecimalField("total descuentos", max_digits=14, decimal_places=2, default=0)
    total_neto = models.DecimalField("neto a pagar", max_digits=14, decimal_places=2, default=0)
    total_aportes = models.DecimalField("aportes del empleador", max_digits=14, decimal_places=2, default=0)
    cerrada_en = models.DateTimeField("cerrada el", null=True, blank=True)
    pagada_en = models.DateTimeField("pagada el", null=True, blank=True)

    ruta_empresa = "empresa"

    class Meta:
        ordering = ["-periodo", "sucursal"]
        verbose_name = "planilla"
        verbose_name_plural = "registro de planillas"
        constraints = [models.UniqueConstraint(fields=["sucursal", "periodo", "tipo_periodo"], name="hr_planilla_periodo")]

    def __str__(self):
        return f"Planilla {self.nombre_periodo} — {self.sucursal.nombre}"

    @property
    def nombre_periodo(self) -> str:
        if self.tipo_periodo == TipoPeriodo.MENSUAL:
            return f"{self.periodo:%m/%Y}"
        return f"{self.periodo:%m/%Y} {self.get_tipo_periodo_display()}"

    @property
    def nombre_archivo(self) -> str:
        """The period in file names: 2026-06, or 2026-06-quincena1."""
        return f"{self.periodo:%Y-%m}" + ("" if self.tipo_periodo == TipoPeriodo.MENSUAL else f"-{self.tipo_periodo}")


class LineaPlanilla(models.Model):
    """One worker's boleta in a planilla: every concept as calculated."""

    planilla = models.ForeignKey(Planilla, on_delete=models.CASCADE, related_name="lineas")
    empleado = models.ForeignKey(Empleado, on_delete=models.PROTECT, related_name="lineas_planilla")
    dias_laborados = models.PositiveSmallIntegerField("días laborados")
    dias_falta = models.PositiveSmallIntegerField("faltas", default=0)
    minutos_tardanza = models.PositiveIntegerField("tardanza (min)", default=0)
    horas_extra = models.DecimalField("horas extra", max_digits=6, decimal_places=2, default=0)
    basico = models.DecimalField("básico", max_digits=12, decimal_places=2)
    asignacion_familiar = models.DecimalField("asignación familiar", max_digits=12, decimal_places=2)
    monto_horas_extra = models.DecimalField("horas extra (S/)", max_digits=12, decimal_places=2)
    monto_horas_extra_35 = models.DecimalField("de ellas al 35 % (S/)", max_digits=12, decimal_places=2, default=0)
    vacaciones = models.DecimalField(max_digits=12, decimal_places=2)
    descuento_faltas = models.DecimalField("faltas (S/)", max_digits=12, decimal_places=2)
    descuento_tardanzas = models.DecimalField("tardanzas (S/)", max_digits=12, decimal_places=2)
    gratificacion = models.DecimalField("gratificación", max_digits=12, decimal_places=2)
    bonificacion = models.DecimalField("bonificación extraordinaria", max_digits=12, decimal_places=2)
    total_ingresos = models.DecimalField("total ingresos", max_digits=12, decimal_places=2)
    onp = models.DecimalField("ONP", max_digits=12, decimal_places=2)
    afp_aporte = models.DecimalField("AFP aporte", max_digits=12, decimal_places=2)
    afp_prima = models.DecimalField("AFP prima", max_digits=12, decimal_places=2)
    afp_comision = models.DecimalField("AFP comisión", max_digits=12, decimal_places=2)
    quinta = models.DecimalField("renta de quinta", max_digits=12, decimal_places=2)
    adelantos = models.DecimalField(max_digits=12, decimal_places=2)
    retencion_judicial = models.DecimalField("retención judicial", max_digits=12, decimal_places=2)
    total_descuentos = models.DecimalField("total descuentos", max_digits=12, decimal_places=2)
    neto = models.DecimalField("neto a pagar", max_digits=12, decimal_places=2)
    essalud = models.DecimalField("EsSalud", max_digits=12, decimal_places=2)
    eps = models.DecimalField("EPS", max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["empleado__apellidos", "empleado__nombres"]
        verbose_name = "boleta de pago"
        verbose_name_plural = "boletas de pago"
        constraints = [models.UniqueConstraint(fields=["planilla", "empleado"], name="hr_linea_unica")]

    def __str__(self):
        return f"Boleta {self.planilla.periodo:%m/%Y} — {self.empleado}"


class EstadoBeneficio(models.TextChoices):
    ABIERTO = "abierto", "Abierto"
    CERRADO = "cerrado", "Cerrado"


class DepositoCts(Auditado):
    """One worker's CTS of a semester (deposited in May for November–April, in November for May–October)."""

    empleado = models.ForeignKey(Empleado, on_delete=models.PROTECT, related_name="depositos_cts")
    periodo = models.DateField("periodo", help_text="1 de mayo o 1 de noviembre: el mes del depósito.")
    desde = models.DateField("computa desde")
    hasta = models.DateField("computa hasta")
    meses = models.PositiveSmallIntegerField()
    dias = models.PositiveSmallIntegerField("días")
    dias_falta = models.PositiveSmallIntegerField("faltas descontadas", default=0)
    sueldo = models.DecimalField(max_digits=12, decimal_places=2)
    asignacion_familiar = models.DecimalField("asignación familiar", max_digits=12, decimal_places=2)
    sexto_gratificacion = models.DecimalField("1/6 de la gratificación", max_digits=12, decimal_places=2)
    computable = models.DecimalField("remuneración computable", max_digits=12, decimal_places=2)
    monto = models.DecimalField("CTS a depositar", max_digits=12, decimal_places=2)
    estado = models.CharField(max_length=8, choices=EstadoBeneficio.choices, default=EstadoBeneficio.ABIERTO)
    cerrado_en = models.DateTimeField("cerrado el", null=True, blank=True)

    class Meta:
        ordering = ["-periodo", "empleado__apellidos", "empleado__nombres"]
        verbose_name = "depósito de CTS"
        verbose_name_plural = "depósitos de CTS"
        constraints = [models.UniqueConstraint(fields=["empleado", "periodo"], name="hr_cts_unica")]

    def __str__(self):
        return f"CTS {self.periodo:%m/%Y} — {self.empleado}"


class MotivoCese(models.TextChoices):
    RENUNCIA = "renuncia", "Renuncia"
    FIN_CONTRATO = "fin_contrato", "Término del contrato"
    MUTUO = "mutuo", "Mutuo disenso"
    DESPIDO = "despido", "Despido"


class Liquidacion(Auditado):
    """What a leaving worker is owed: CTS since the last deposit, the semester's gratificación, vacations."""

    empleado = models.ForeignKey(Empleado, on_delete=models.PROTECT, related_name="liquidaciones")
    fecha_cese = models.DateField("fecha de cese")
    motivo = models.CharField("motivo del cese", max_length=12, choices=MotivoCese.choices)
    sueldo = models.DecimalField(max_digits=12, decimal_places=2)
    asignacion_familiar = models.DecimalField("asignación familiar", max_digits=12, decimal_places=2)
    ultima_gratificacion = models.DecimalField("gratificación del periodo de CTS", max_digits=12, decimal_places=2)
    cts_desde = models.DateField("CTS desde")
    meses_cts = models.PositiveSmallIntegerField("meses de CTS")
    dias_cts = models.PositiveSmallIntegerField("días de CTS")
    meses_gratificacion = models.PositiveSmallIntegerField("meses de gratificación")
    meses_vacaciones = models.PositiveSmallIntegerField("meses de vacaciones truncas")
    dias_vacaciones = models.PositiveSmallIntegerField("días de vacaciones truncas")
    dias_vacaciones_pendientes = models.PositiveSmallIntegerField("días de vacaciones no gozadas")
    cts_trunca = models.DecimalField("CTS trunca", max_digits=12, decimal_places=2)
    gratificacion_trunca = models.DecimalField("gratificación trunca", max_digits=12, decimal_places=2)
    bonificacion = models.DecimalField("bonificación extraordinaria", max_digits=12, decimal_places=2)
    vacaciones_truncas = models.DecimalField("vacaciones truncas", max_digits=12, decimal_places=2)
    vacaciones_pendientes = models.DecimalField("vacaciones no gozadas", max_digits=12, decimal_places=2)
    renta_anual = models.DecimalField("renta de quinta del año", max_digits=14, decimal_places=2, default=0,
                                      help_text="Lo pagado en las planillas del año y lo afecto de esta liquidación.")
    quinta_retenida = models.DecimalField("quinta retenida en el año", max_digits=12, decimal_places=2, default=0)
    quinta = models.DecimalField("regularización de quinta", max_digits=12, decimal_places=2, default=0,
                                 help_text="Positiva, una devolución al trabajador; negativa, lo que se le retiene.")
    total = models.DecimalField("total a pagar", max_digits=12, decimal_places=2)
    estado = models.CharField(max_length=8, choices=EstadoBeneficio.choices, default=EstadoBeneficio.ABIERTO)
    cerrado_en = models.DateTimeField("cerrada el", null=True, blank=True)

    class Meta:
        ordering = ["-fecha_cese"]
        verbose_name = "liquidación de beneficios sociales"
        verbose_name_plural = "liquidaciones"
        constraints = [models.UniqueConstraint(fields=["empleado", "fecha_cese"], name="hr_liquidacion_unica")]

    def __str__(self):
        return f"Liquidación de {self.empleado} al {self.fecha_cese:%d/%m/%Y}"
