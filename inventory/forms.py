from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.utils import timezone
from unfold.widgets import UnfoldAdminDateWidget, UnfoldAdminSelectWidget

from .models import Almacen, ConsultaProducto, Movimiento, Naturaleza, Producto, TipoItem
from .precios import precios_consistentes
from .tablas import TipoOperacion


class ProductoForm(forms.ModelForm):
    """Keeps the price with and without IGV consistent from whichever the user changed."""

    tipo = TipoItem.PRODUCTO  # the admin of services sets its own
    confirmar_precio_cero = forms.BooleanField(
        label="Confirmo el precio 0", required=False, help_text="Se vende o entrega sin cobrar (p. ej. una muestra gratuita)."
    )

    class Meta:
        model = Producto
        exclude = ("tipo",)
        error_messages = {
            "unidad": {"invalid_choice": "La unidad de medida no está en el catálogo 03 de SUNAT."},
            "cod_num": {"min_value": "El código numérico va de 1 a 99999999.", "max_value": "El código numérico va de 1 a 99999999."},
            "precio_venta": {"min_value": "El precio no puede ser negativo."},
            "valor_venta": {"min_value": "El valor de venta no puede ser negativo."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            # The model's checks depend on it (a service has no serial numbers).
            self.instance.tipo = self.tipo

    def clean(self):
        cleaned = super().clean()
        precio, valor = cleaned.get("precio_venta"), cleaned.get("valor_venta")
        afectacion = cleaned.get("afectacion_igv") or self.instance.afectacion_igv
        if precio is None or valor is None or "precio_venta" not in self.fields:
            return cleaned
        cambio_precio, cambio_valor = "precio_venta" in self.changed_data, "valor_venta" in self.changed_data
        try:
            if cambio_valor and not cambio_precio:
                precio, valor = precios_consistentes(afectacion=afectacion, valor_venta=valor)
            elif cambio_valor:
                precio, valor = precios_consistentes(afectacion=afectacion, precio_venta=precio, valor_venta=valor)
            else:
                # The price customers pay stays when only the affectation changes.
                precio, valor = precios_consistentes(afectacion=afectacion, precio_venta=precio)
        except ValidationError as exc:
            self.add_error("precio_venta", exc)
            return cleaned
        cleaned["precio_venta"], cleaned["valor_venta"] = precio, valor
        nuevo_precio = self.instance._state.adding or {"precio_venta", "valor_venta"} & set(self.changed_data)
        if precio == 0 and nuevo_precio and not cleaned.get("confirmar_precio_cero"):
            self.add_error("precio_venta", "El precio de venta es 0: marque «Confirmo el precio 0» si así se vende, o escriba el precio.")
        return cleaned


class LineasAjusteFormSet(forms.BaseInlineFormSet):
    """An opening balance only brings goods in, at a cost; each reason moves stock one way or both."""

    def clean(self):
        super().clean()
        ajuste = self.instance
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            naturaleza = form.cleaned_data.get("naturaleza")
            if ajuste.es_saldo_inicial:
                if naturaleza != Naturaleza.ENTRADA:
                    form.add_error("naturaleza", "El saldo inicial solo registra entradas.")
                elif form.cleaned_data.get("costo_unitario") is None:
                    form.add_error("costo_unitario", "Indique el costo unitario del saldo inicial.")
                continue
            prohibidas = TipoOperacion.salidas() if naturaleza == Naturaleza.ENTRADA else TipoOperacion.entradas()
            if ajuste.tipo_operacion in prohibidas:
                form.add_error("naturaleza", f"«{ajuste.get_tipo_operacion_display()}» no admite esta dirección.")


class KardexForm(forms.Form):
    producto = forms.ModelChoiceField(
        queryset=Producto.objects.bienes(),
        widget=AutocompleteSelect(Movimiento._meta.get_field("producto"), admin.site),
        error_messages={"required": "Elija el producto."},
    )
    almacen = forms.ModelChoiceField(
        label="Almacén",
        queryset=Almacen.objects.none(),
        widget=UnfoldAdminSelectWidget,
        error_messages={"required": "Elija el almacén."},
    )
    desde = forms.DateField(widget=UnfoldAdminDateWidget)
    hasta = forms.DateField(widget=UnfoldAdminDateWidget)

    def __init__(self, *args, almacenes, productos, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["almacen"].queryset = almacenes.select_related("sucursal")
        self.fields["producto"].queryset = productos
        hoy = timezone.localdate()
        self.fields["desde"].initial = hoy.replace(day=1)
        self.fields["hasta"].initial = hoy

    def clean(self):
        cleaned = super().clean()
        desde, hasta = cleaned.get("desde"), cleaned.get("hasta")
        if desde and hasta and desde > hasta:
            self.add_error("hasta", "La fecha final debe ser posterior a la inicial.")
        producto, almacen = cleaned.get("producto"), cleaned.get("almacen")
        if producto and almacen and producto.empresa_id != almacen.empresa_id:
            self.add_error("almacen", "El almacén es de otra empresa que el producto.")
        return cleaned


class ConsultaPublicaForm(forms.ModelForm):
    # Left empty by people; bots that fill every field are ignored.
    sitio_web = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    class Meta:
        model = ConsultaProducto
        fields = ("nombre", "email", "telefono", "mensaje")
        widgets = {"mensaje": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for campo in self.fields.values():
            campo.widget.attrs.setdefault("class", "campo")

    @property
    def es_spam(self) -> bool:
        return bool(self.cleaned_data.get("sitio_web"))
