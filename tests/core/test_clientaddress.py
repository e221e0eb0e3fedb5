"""The client address behind trusted proxies: X-Forwarded-For counts only from a trusted peer."""

import ipaddress

from hypothesis import given
from hypothesis import strategies as st

from portal.core.clientaddress import client_address, client_address_from

PROXY = ("10.0.0.0/8",)
public_v4 = st.ip_addresses(v=4).filter(lambda a: ipaddress.ip_address(a) not in ipaddress.ip_network("10.0.0.0/8"))


def test_without_trusted_proxies_the_peer_is_the_client():
    assert client_address_from("203.0.113.7", "198.51.100.1", ()) == "203.0.113.7"


def test_the_header_is_ignored_from_an_untrusted_peer():
    assert client_address_from("203.0.113.7", "198.51.100.1", PROXY) == "203.0.113.7"


def test_from_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client():
    assert client_address_from("10.0.0.2", "1.2.3.4, 198.51.100.1, 10.0.0.9", PROXY) == "198.51.100.1"


def test_a_garbage_hop_stops_the_walk_at_the_last_trusted_proxy():
    assert client_address_from("10.0.0.2", "198.51.100.1, nonsense", PROXY) == "10.0.0.2"


def test_ports_brackets_and_mapped_addresses_are_normalised():
    assert client_address_from("10.0.0.2", "198.51.100.1:5555", PROXY) == "198.51.100.1"
    assert client_address_from("10.0.0.2", "[2001:db8::1]:443", PROXY) == "2001:db8::1"
    assert client_address_from("::ffff:203.0.113.7", "", PROXY) == "203.0.113.7"
    assert client_address_from("", "198.51.100.1", PROXY) is None


@given(client=public_v4, spoofed=st.lists(st.ip_addresses(v=4).map(str), max_size=4),
       proxies=st.lists(st.ip_addresses(v=4, network="10.0.0.0/8").map(str), min_size=1, max_size=3))
def test_a_client_cannot_pick_its_address_by_prepending_hops(client, spoofed, proxies):
    """Whatever the client writes into the header itself, the address the proxy saw is taken."""
    header = ", ".join([*spoofed, str(client), *proxies[:-1]])
    assert client_address_from(proxies[-1], header, PROXY) == str(client)


@given(peer=st.ip_addresses().map(str), header=st.text(max_size=60))
def test_it_never_fails_and_returns_an_address(peer, header):
    result = client_address_from(peer, header, PROXY)
    assert result is not None
    ipaddress.ip_address(result)


def test_the_request_function_reads_the_setting(rf, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_address(request) == "198.51.100.1"
    settings.TRUSTED_PROXIES = []
    assert client_address(request) == "10.0.0.2"
