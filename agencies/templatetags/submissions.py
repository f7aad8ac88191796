"""`{% submission_field %}`: the hidden one-time token of a create form (`Submission`)."""

from django import template
from django.utils.html import format_html

from agencies.models import Submission

register = template.Library()


@register.simple_tag
def submission_field():
    return format_html(
        '<input type="hidden" name="{}" value="{}">', Submission.FIELD, Submission.new_key()
    )
