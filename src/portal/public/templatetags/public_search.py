from urllib.parse import urlencode

from django import template

from portal.public.highlight import highlight as highlight_words

register = template.Library()


@register.filter
def highlight(text, words):
    """``{{ item.name|highlight:item.matched }}``: the matched words of the name in ``<mark>``."""
    return highlight_words(text, words or ())


@register.filter
def q_param(text) -> str:
    """``q=<text>`` for a link to the search (escape the result as any text)."""
    return urlencode({"q": str(text)})
