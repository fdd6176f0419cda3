"""Pages without log-in: tracking, the service catalogue and the officer's public tools."""

from django.http import Http404
from django.shortcuts import render
from django.views import View

from .. import selectors, services
from ..forms import (
    TrackingForm,
)
from .base import _file_response, client_ip


class TrackView(View):
    def get(self, request):
        form = TrackingForm(initial={"reference": request.GET.get("reference", "")})
        return render(request, "requests/track.html", {"form": form})

    def post(self, request):
        form = TrackingForm(request.POST)
        context = {"form": form}
        if form.is_valid():
            try:
                found = services.tracking_lookup(
                    reference=form.cleaned_data["reference"],
                    national_id=form.cleaned_data["national_id"],
                    ip=client_ip(request),
                )
            except services.RateLimited:
                context["limited"] = True
                return render(request, "requests/track.html", context, status=429)
            context.update(searched=True, found=found)
        return render(request, "requests/track.html", context)


class CatalogueView(View):
    def get(self, request):
        return render(
            request, "requests/service_catalogue.html", {"rows": selectors.catalogue_services()}
        )


class ToolListView(View):
    def get(self, request):
        rows = selectors.tools_listed_for(user=request.user)
        return render(request, "requests/tool_list.html", {"rows": rows})


class ToolDownloadView(View):
    def get(self, request, pk):
        tool = selectors.tools_for(user=request.user).filter(pk=pk).first()
        if tool is None or not tool.file:
            raise Http404
        return _file_response(tool.file, tool.original_name, tool.content_type)
