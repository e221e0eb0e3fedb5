"""The address of the client a request comes from, seen through the trusted reverse proxies.

Behind a reverse proxy every request arrives from the proxy's address (``REMOTE_ADDR``); the
client's own address is in ``X-Forwarded-For``, which anyone can also send. So the header is read
only when the request comes from a proxy named in ``TRUSTED_PROXIES`` (addresses or networks), and
then from the right: the first address that is not itself a trusted proxy is the client. Every
per-client limit (django-axes' lockout, the password-reset, draft and code limits, the public API)
keys on this one function.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.5:443
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_address_from(remote_addr: str, forwarded_for: str, trusted: tuple[str, ...]) -> str | None:
    """The client's address given the connection's peer, the X-Forwarded-For header and the trusted
    proxies. Pure, so that the rule can be tested on its own."""
    peer = _parse(remote_addr or "")
    if peer is None:
        return None
    networks = _networks(tuple(trusted))
    if not networks or not _trusted(peer, networks):
        return str(peer)
    hops = [part for part in (forwarded_for or "").split(",") if part.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # A hop that is no address: nothing to its left can be trusted; the last proxy is the client.
            break
        if not _trusted(address, networks):
            return str(address)
        peer = address
    return str(peer)


def client_address(request: HttpRequest) -> str | None:
    """The client address of ``request`` (also django-axes' ``AXES_CLIENT_IP_CALLABLE``)."""
    return client_address_from(
        request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""),
        tuple(getattr(settings, "TRUSTED_PROXIES", ())),
    )
