"""``{% kept_include "template.html" key ... %}``: an include rendered once per key and kept.

For page parts that every request renders the same way for the same few inputs: the site
header (the user's role and name) and footer (the page's path, for the language form). The
key is the template name, the active language and the values given, which must be all the
included template reads besides ``request`` and constants; forms in it keep working
(core/kept.py puts each response's CSRF token in). Without a request, it is a plain include.
"""

from django import template
from django.core.cache import cache
from django.utils.translation import get_language

from core.kept import CSRF_PLACEHOLDER, digest, with_csrf

register = template.Library()
TIMEOUT = 3600  # seconds; the inputs are all in the key, this only bounds memory


class KeptIncludeNode(template.Node):
    def __init__(self, name, keys):
        self.name, self.keys = name, keys

    def render(self, context):
        name = self.name.resolve(context)
        included = context.template.engine.get_template(name)
        request = context.get("request")
        if request is None:
            return included.render(context)
        key = "kept-include:" + digest(
            name, get_language(), [k.resolve(context) for k in self.keys]
        )
        html = cache.get(key)
        if html is None:
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                html = included.render(context)
            cache.set(key, html, TIMEOUT)
        return with_csrf(html, request)


@register.tag
def kept_include(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a template name")
    return KeptIncludeNode(
        parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
