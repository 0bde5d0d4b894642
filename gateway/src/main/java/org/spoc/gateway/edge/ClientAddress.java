package org.spoc.gateway.edge;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The client's address: the TCP peer, or, when the peer is a trusted reverse proxy, the right-most
 * {@code X-Forwarded-For} entry that is not itself a trusted proxy. With no trusted proxies configured
 * the header is ignored, so a client cannot pick its own rate-limit bucket.
 */
final class ClientAddress {

    private final Set<String> trustedProxies;

    ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    String of(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        String peer = remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
        if (trustedProxies.isEmpty() || !trustedProxies.contains(peer)) {
            return peer;
        }
        List<String> forwarded = request.getHeaders().getValuesAsList("X-Forwarded-For");
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            String hop = forwarded.get(i).strip();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return peer;
    }
}
