from django.http import HttpResponse


def practice_list(request):
    return HttpResponse("")


def practice_detail(request, slug):
    return HttpResponse("")
