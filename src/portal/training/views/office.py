"""The training office's pages: statistics, intakes, municipalities, learners, courses, packages."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal.core.charts import chart_bar

from ..forms import CourseForm, PackageUploadForm
from ..models import Course
from ..scorm.manifest import PackageError
from ..selectors import (
    intake_history,
    learner_rows,
    learners_with_invitation,
    municipalities_with_counts,
    office_check,
    office_statistics,
)
from ..services.scorm import package_upload
from .gates import asp_login_required


@asp_login_required
def office_home(request: HttpRequest) -> HttpResponse:
    office_check(request.user)
    statistics = office_statistics()
    chart = chart_bar(
        title=str(_("Beiskolázottak és teljesítések szakrendszerenként")),
        category_label=str(_("Szakrendszer")),
        categories=[row["subsystem"].name for row in statistics],
        series=[(str(_("Beiskolázott")), [row["enrolled"] for row in statistics]),
                (str(_("Tananyagot teljesített")), [row["completed"] for row in statistics])],
        horizontal=True,
    )
    return render(request, "training/office_home.html", {
        "statistics": statistics, "chart": chart, "intakes": intake_history()[:30],
    })


@asp_login_required
def municipality_list(request: HttpRequest) -> HttpResponse:
    office_check(request.user)
    page = Paginator(municipalities_with_counts(), 100).get_page(request.GET.get("oldal"))
    return render(request, "training/municipality_list.html", {"page": page})


@asp_login_required
def learner_list(request: HttpRequest) -> HttpResponse:
    office_check(request.user)
    learners = learners_with_invitation().order_by("user__full_name", "pk")
    query = request.GET.get("q", "").strip()
    if query:
        learners = learners.filter(Q(user__email__icontains=query) | Q(user__full_name__icontains=query))
    page = Paginator(learners, 100).get_page(request.GET.get("oldal"))
    rows = learner_rows(learners=page)  # invitation state and progress in the notary's words
    return render(request, "training/learner_list.html", {"page": page, "rows": rows, "query": query})


@asp_login_required
def course_list(request: HttpRequest) -> HttpResponse:
    office_check(request.user)
    courses = Course.objects.select_related("subsystem").prefetch_related("packages")
    return render(request, "training/course_list.html", {"courses": courses})


@asp_login_required
def course_create(request: HttpRequest) -> HttpResponse:
    office_check(request.user)
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course = form.save()
        return redirect("training:package_upload", course_id=course.pk)
    return render(request, "training/course_form.html", {"form": form})


@asp_login_required
def package_upload_view(request: HttpRequest, course_id: int) -> HttpResponse:
    office_check(request.user)
    course = get_object_or_404(Course, pk=course_id)
    form = PackageUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            package = package_upload(course=course, upload=form.cleaned_data["package"], actor=request.user)
        except PackageError as error:
            form.add_error("package", error.message)
        else:
            messages.success(request, _("A csomagot feltöltöttük: %(title)s (%(version)s, %(count)s elem).") % {
                "title": package.title, "version": package.get_version_display(),
                "count": package.scos.count()})
            return redirect("training:course_list")
    return render(request, "training/package_upload.html", {"form": form, "course": course})
