/* Line entry of sales documents: choosing a product fills its description, unit,
   price, IGV type, ISC and bag tax, and shows its stock in the warehouse of the document's branch. */
(function () {
    "use strict";
    var $ = window.django && window.django.jQuery;
    if (!$) {
        return;
    }

    function campo(fila, nombre) {
        return fila.find('[name$="-' + nombre + '"]');
    }

    function mostrarStock(fila, datos) {
        var marca = fila.find(".stock-producto");
        if (!marca.length) {
            marca = $('<div class="stock-producto text-xs mt-1"></div>');
            campo(fila, "producto").closest("td, .field-producto").append(marca);
        }
        if (datos.stock === null) {
            marca.text("Servicio (sin stock)");
        } else {
            marca.text("Stock en " + datos.sucursal + ": " + datos.stock);
            marca.toggleClass("text-red-600", parseFloat(datos.stock) <= 0);
        }
    }

    function llenar(fila, datos) {
        var descripcion = campo(fila, "descripcion");
        if (!descripcion.val()) {
            descripcion.val(datos.descripcion);
        }
        var unidad = campo(fila, "unidad");
        if (unidad.length && unidad.val() !== datos.unidad) {
            unidad.append(new Option(datos.unidad_texto, datos.unidad, true, true)).trigger("change");
        }
        if (datos.precio !== "") {
            campo(fila, "precio_unitario").val(datos.precio);
        }
        var cantidad = campo(fila, "cantidad");
        if (!cantidad.val()) {
            cantidad.val("1");
        }
        campo(fila, "afectacion_igv").val(datos.afectacion).trigger("change");
        campo(fila, "isc_sistema").val(datos.isc_sistema).trigger("change");
        campo(fila, "isc_tasa").val(datos.isc_tasa);
        campo(fila, "icbper").prop("checked", datos.icbper);
        mostrarStock(fila, datos);
    }

    function consultar(seleccion, hacer) {
        // /admin/billing/<model>/ whether the form adds or changes a document.
        var base = window.location.pathname.match(/^(.*?\/admin\/[^\/]+\/[^\/]+\/)/)[1];
        var parametros = $.param({moneda: $("#id_moneda").val() || "", sucursal: $("#id_sucursal").val() || ""});
        $.getJSON(base + "producto-info/" + seleccion.val() + "/?" + parametros).done(hacer);
    }

    $(document).on("change", 'select[name$="-producto"]', function () {
        var seleccion = $(this);
        var fila = seleccion.closest("tr, .inline-related");
        if (seleccion.val()) {
            consultar(seleccion, function (datos) { llenar(fila, datos); });
        }
    });

    // Only the chosen branch's series are offered; the first of them is taken if the one chosen is another branch's.
    function seriesDeLaSucursal() {
        var sucursal = $("#id_sucursal").val();
        var serie = $("#id_serie");
        if (!sucursal || !serie.is("select")) {
            return;
        }
        serie.find("option[data-sucursal]").each(function () {
            var ajena = this.getAttribute("data-sucursal") !== sucursal;
            this.hidden = ajena;
            this.disabled = ajena;
        });
        if (serie.find("option:selected").prop("disabled") || !serie.val()) {
            serie.val(serie.find("option[data-sucursal]:not(:disabled)").first().val() || "").trigger("change");
        }
    }

    $(seriesDeLaSucursal);
    $(document).on("change", "#id_sucursal", seriesDeLaSucursal);

    // Another branch sells from another warehouse: refresh the stock shown.
    $(document).on("change", "#id_sucursal", function () {
        $('select[name$="-producto"]').each(function () {
            var seleccion = $(this);
            if (seleccion.val()) {
                consultar(seleccion, function (datos) { mostrarStock(seleccion.closest("tr, .inline-related"), datos); });
            }
        });
    });
})();
