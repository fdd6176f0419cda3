"""Managers' pages for the service catalogue and the officer's tools."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import selectors, services
from ..forms import (
    ServiceForm,
    StaffToolForm,
)
from ..models import Service, StaffTool
from .base import CapabilityView


class ServiceListView(CapabilityView):
    capability = "requests.manage_catalogue"

    def get(self, request):
        rows = selectors.services_for_catalogue(user=request.user)
        return render(request, "requests/service_list.html", {"rows": rows})


class CatalogueEditView(CapabilityView):
    """Create or edit a service or an officer's tool."""

    capability = "requests.manage_catalogue"
    model = Service
    form_class = ServiceForm
    list_url = "requests:services"
    template_name = "requests/service_form.html"

    def _instance(self, pk):
        return get_object_or_404(self.model, pk=pk) if pk else None

    def get(self, request, pk=None):
        form = self.form_class(instance=self._instance(pk))
        return render(request, self.template_name, {"form": form, "object": form.instance})

    def post(self, request, pk=None):
        form = self.form_class(request.POST, request.FILES, instance=self._instance(pk))
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "object": form.instance})
        services.catalogue_save(form=form, actor=request.user)
        messages.success(request, _("Saved."))
        return redirect(self.list_url)


class ToolEditView(CatalogueEditView):
    model = StaffTool
    form_class = StaffToolForm
    list_url = "requests:tools"
    template_name = "requests/tool_form.html"
