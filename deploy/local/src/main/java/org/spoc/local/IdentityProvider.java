package org.spoc.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spoc.kit.security.TokenMinter;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The development identity provider of the local stack (never for production): the users of
 * {@code users.json}, RS256 access tokens from {@link TokenMinter} with a signing key kept in
 * {@code <data>/idp/signing-key.json}, and a minimal OpenID Connect surface under {@code /auth}:
 *
 * <ul>
 * <li>{@code POST /auth/token} {@code {"username","password"}} → {@code {"access_token","token_type","expires_in"}};</li>
 * <li>{@code GET /auth/jwks} and {@code GET /auth/.well-known/openid-configuration};</li>
 * <li>a browser login with the authorization code flow and PKCE (S256): {@code GET /auth/authorize}
 * renders a form, {@code POST /auth/login} checks the password and redirects with a one-time code,
 * {@code POST /auth/oauth/token} exchanges the code and its verifier for a token.</li>
 * </ul>
 *
 * <p>With {@code --smtp-port}, the same process also runs the stack's {@link MailSink}.
 *
 * <pre>
 * java -cp ... org.spoc.local.IdentityProvider --port 8079 --data .spoc/data [--host 127.0.0.1] [--issuer http://localhost:8080/auth] [--users users.json] [--smtp-port 2525]
 * </pre>
 */
public final class IdentityProvider implements AutoCloseable {

    public static final String DEFAULT_ISSUER = "http://localhost:8080/auth";

    static final Duration TOKEN_TTL = Duration.ofHours(1);

    static final Duration CODE_TTL = Duration.ofMinutes(2);

    private static final Logger log = LoggerFactory.getLogger(IdentityProvider.class);

    /** Hosts a browser may be sent back to after login (development only). */
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private final JsonMapper json = JsonMapper.builder().build();
    private final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, PendingCode> codes = new ConcurrentHashMap<>();
    private final Map<String, DevUser> users;
    private final TokenMinter minter;
    private final Clock clock;
    private final String issuer;
    private final String unknownUserHash;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private record PendingCode(DevUser user, String clientId, String redirectUri, String challenge, Instant expires) {
    }

    private IdentityProvider(HttpServer server, Map<String, DevUser> users, TokenMinter minter, Clock clock) {
        this.server = server;
        this.users = users;
        this.minter = minter;
        this.clock = clock;
        this.issuer = minter.issuer();
        this.unknownUserHash = passwords.encode("no such user " + random.nextLong());
        server.createContext("/auth/", this::handle);
        server.setExecutor(executor);
    }

    /**
     * Starts an identity provider on 127.0.0.1:{@code port} (0 picks a free port).
     *
     * @param usersFile a users file, or null for the bundled {@code users.json}
     */
    public static IdentityProvider start(int port, Path dataDir, String issuer, @Nullable Path usersFile, Clock clock)
            throws IOException {
        return start("127.0.0.1", port, dataDir, issuer, usersFile, clock);
    }

    /**
     * Starts an identity provider on {@code host:port}: 127.0.0.1 on a laptop, 0.0.0.0 inside a container
     * whose network is private to the platform (Compose).
     */
    public static IdentityProvider start(String host, int port, Path dataDir, String issuer, @Nullable Path usersFile,
            Clock clock) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        Map<String, DevUser> users = DevUser.load(json, usersFile);
        TokenMinter minter = TokenMinter.persistent(dataDir.resolve("idp").resolve("signing-key.json"),
                stripTrailingSlash(issuer), TokenMinter.DEFAULT_AUDIENCE, clock);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        IdentityProvider idp = new IdentityProvider(server, users, minter, clock);
        server.start();
        return idp;
    }

    public static void main(String[] argv) throws IOException {
        long started = System.nanoTime();
        Args args = Args.parse(argv);
        String usersFile = args.value("users", "");
        String host = args.value("host", "127.0.0.1");
        Path data = Path.of(args.value("data", ".spoc/data")).toAbsolutePath();
        // the stack's other development server shares this JVM: one process less to start and feed
        int smtpPort = args.intValue("smtp-port", -1);
        MailSink mail = smtpPort >= 0 ? MailSink.start(smtpPort, data.resolve("mail")) : null;
        IdentityProvider idp = start(host, args.intValue("port", 8079), data, args.value("issuer", DEFAULT_ISSUER),
                usersFile.isBlank() ? null : Path.of(usersFile), Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            idp.close();
            if (mail != null) {
                mail.close();
            }
        }, "idp-shutdown"));
        log.info("IdentityProvider listening on {}:{} issuer={} users={} (ready in {} ms)", host, idp.port(),
                idp.issuer, idp.users.keySet(), (System.nanoTime() - started) / 1_000_000);
        if (mail != null) {
            log.info("MailSink listening on 127.0.0.1:{}, keeping the newest {} messages in {}", mail.port(),
                    MailSink.KEEP, data.resolve("mail"));
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String issuer() {
        return issuer;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/auth/token" -> only(exchange, "POST", method, this::passwordToken);
                case "/auth/jwks" -> only(exchange, "GET", method,
                        ex -> send(ex, 200, "application/jwk-set+json", minter.jwksJson().getBytes(StandardCharsets.UTF_8)));
                case "/auth/.well-known/openid-configuration" -> only(exchange, "GET", method, this::discovery);
                case "/auth/authorize" -> only(exchange, "GET", method, this::authorize);
                case "/auth/login" -> only(exchange, "POST", method, this::login);
                case "/auth/oauth/token" -> only(exchange, "POST", method, this::codeToken);
                default -> problem(exchange, 404, "Not Found", "no such endpoint: " + path);
            }
        }
        catch (BodyTooLargeException ex) {
            problem(exchange, 413, "Content Too Large", "the request body is over 64 KiB");
        }
        catch (RuntimeException ex) {
            log.error("request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), ex);
            problem(exchange, 500, "Internal Server Error", "the identity provider failed; see its log");
        }
    }

    private static final class BodyTooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void only(HttpExchange exchange, String allowed, String method, Handler handler) throws IOException {
        if (!allowed.equals(method) && !("GET".equals(allowed) && "HEAD".equals(method))) {
            exchange.getResponseHeaders().set("Allow", allowed);
            problem(exchange, 405, "Method Not Allowed", method + " is not allowed here; use " + allowed);
            return;
        }
        handler.handle(exchange);
    }

    // --- POST /auth/token: the API clients' password grant with a JSON body (DESIGN.md §4)

    private void passwordToken(HttpExchange exchange) throws IOException {
        JsonNode body;
        try {
            body = json.readTree(readBody(exchange));
        }
        catch (JacksonException ex) {
            problem(exchange, 400, "Bad Request", "the body must be JSON: {\"username\": \"...\", \"password\": \"...\"}");
            return;
        }
        if (body == null || !body.isObject() || !isString(body.get("username")) || !isString(body.get("password"))) {
            problem(exchange, 400, "Bad Request", "the body must be {\"username\": \"...\", \"password\": \"...\"}");
            return;
        }
        DevUser user = authenticate(body.get("username").stringValue(), body.get("password").stringValue());
        if (user == null) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"spoc\"");
            problem(exchange, 401, "Unauthorized", "invalid username or password");
            return;
        }
        sendToken(exchange, user);
    }

    private static boolean isString(@Nullable JsonNode node) {
        return node != null && node.isString() && !node.stringValue().isEmpty();
    }

    private @Nullable DevUser authenticate(String username, String password) {
        DevUser user = users.get(username);
        // compare against a dummy hash for unknown users too, so timing does not reveal who exists
        boolean matches = passwords.matches(password, user != null ? user.passwordHash() : unknownUserHash);
        return user != null && matches ? user : null;
    }

    private void sendToken(HttpExchange exchange, DevUser user) throws IOException {
        String token = minter.mint(user.username(), user.roles(), user.groups(), TOKEN_TTL);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("token_type", "Bearer");
        body.put("expires_in", TOKEN_TTL.toSeconds());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        sendJson(exchange, 200, body);
    }

    // --- discovery

    private void discovery(HttpExchange exchange) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", issuer);
        body.put("authorization_endpoint", issuer + "/authorize");
        body.put("token_endpoint", issuer + "/oauth/token");
        body.put("jwks_uri", issuer + "/jwks");
        body.put("response_types_supported", List.of("code"));
        body.put("grant_types_supported", List.of("authorization_code"));
        body.put("subject_types_supported", List.of("public"));
        body.put("id_token_signing_alg_values_supported", List.of("RS256"));
        body.put("token_endpoint_auth_methods_supported", List.of("none"));
        body.put("code_challenge_methods_supported", List.of("S256"));
        body.put("claims_supported", List.of("sub", "preferred_username", "roles", "groups", "iss", "aud", "exp", "iat"));
        sendJson(exchange, 200, body);
    }

    // --- browser login: authorization code with PKCE

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> params = parseForm(exchange.getRequestURI().getRawQuery());
        String error = validateAuthorization(params);
        if (error != null) {
            sendHtml(exchange, 400, page("Sign-in request rejected", "<p class=\"error\">" + escape(error) + "</p>"));
            return;
        }
        sendHtml(exchange, 200, loginForm(params, null));
    }

    private void login(HttpExchange exchange) throws IOException {
        Map<String, String> params = parseForm(new String(readBody(exchange), StandardCharsets.UTF_8));
        String error = validateAuthorization(params);
        if (error != null) {
            sendHtml(exchange, 400, page("Sign-in request rejected", "<p class=\"error\">" + escape(error) + "</p>"));
            return;
        }
        DevUser user = authenticate(params.getOrDefault("username", ""), params.getOrDefault("password", ""));
        if (user == null) {
            sendHtml(exchange, 401, loginForm(params, "Invalid username or password."));
            return;
        }
        String code = randomToken();
        codes.put(code, new PendingCode(user, params.get("client_id"), params.get("redirect_uri"),
                params.get("code_challenge"), clock.instant().plus(CODE_TTL)));
        codes.values().removeIf(pending -> pending.expires().isBefore(clock.instant()));
        String redirect = params.get("redirect_uri");
        StringBuilder location = new StringBuilder(redirect).append(redirect.contains("?") ? '&' : '?')
                .append("code=").append(code);
        String state = params.get("state");
        if (state != null && !state.isEmpty()) {
            location.append("&state=").append(URLEncoder.encode(state, StandardCharsets.UTF_8));
        }
        exchange.getResponseHeaders().set("Location", location.toString());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(302, -1);
    }

    private void codeToken(HttpExchange exchange) throws IOException {
        Map<String, String> params = parseForm(new String(readBody(exchange), StandardCharsets.UTF_8));
        if (!"authorization_code".equals(params.get("grant_type"))) {
            oauthError(exchange, 400, "unsupported_grant_type", "grant_type must be authorization_code");
            return;
        }
        String code = params.get("code");
        String verifier = params.get("code_verifier");
        if (code == null || verifier == null) {
            oauthError(exchange, 400, "invalid_request", "code and code_verifier are required");
            return;
        }
        PendingCode pending = codes.remove(code); // one time: removed whatever happens next
        if (pending == null || pending.expires().isBefore(clock.instant())) {
            oauthError(exchange, 400, "invalid_grant", "the code is unknown, used or expired");
            return;
        }
        if (!pending.redirectUri().equals(params.get("redirect_uri"))
                || !pending.clientId().equals(params.get("client_id"))) {
            oauthError(exchange, 400, "invalid_grant", "redirect_uri and client_id must match the authorization request");
            return;
        }
        if (!MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII),
                pending.challenge().getBytes(StandardCharsets.US_ASCII))) {
            oauthError(exchange, 400, "invalid_grant", "the code_verifier does not match the code_challenge");
            return;
        }
        sendToken(exchange, pending.user());
    }

    private @Nullable String validateAuthorization(Map<String, String> params) {
        if (!"code".equals(params.get("response_type"))) {
            return "response_type must be code";
        }
        String clientId = params.get("client_id");
        if (clientId == null || clientId.isBlank()) {
            return "client_id is required";
        }
        String redirect = params.get("redirect_uri");
        if (redirect == null || !isAllowedRedirect(redirect)) {
            return "redirect_uri must be an http(s) URL on localhost or on the issuer's host";
        }
        String challenge = params.get("code_challenge");
        if (challenge == null || !challenge.matches("[A-Za-z0-9_-]{43,128}")) {
            return "a PKCE code_challenge (S256) is required";
        }
        if (!"S256".equals(params.get("code_challenge_method"))) {
            return "code_challenge_method must be S256";
        }
        return null;
    }

    private boolean isAllowedRedirect(String redirect) {
        try {
            URI uri = new URI(redirect);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null || uri.getFragment() != null
                    || !(scheme.equals("http") || scheme.equals("https"))) {
                return false;
            }
            return LOCAL_HOSTS.contains(host) || host.equalsIgnoreCase(URI.create(issuer).getHost());
        }
        catch (URISyntaxException | IllegalArgumentException ex) {
            return false;
        }
    }

    private String loginForm(Map<String, String> params, @Nullable String error) {
        StringBuilder form = new StringBuilder();
        if (error != null) {
            form.append("<p class=\"error\" role=\"alert\">").append(escape(error)).append("</p>\n");
        }
        form.append("<form method=\"post\" action=\"login\">\n");
        for (String hidden : List.of("response_type", "client_id", "redirect_uri", "state", "code_challenge",
                "code_challenge_method")) {
            String value = params.get(hidden);
            if (value != null) {
                form.append("<input type=\"hidden\" name=\"").append(hidden).append("\" value=\"").append(escape(value))
                        .append("\">\n");
            }
        }
        form.append("""
                <label>Username <input name="username" autocomplete="username" autofocus required value="%s"></label>
                <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
                <button type="submit">Sign in</button>
                </form>
                <p class="hint">Development sign-in: users alice, bob, carol (requesters), hank, nora, pete, vera (agents),
                mia (manager), root (admin); password <code>changeme</code>.</p>
                """.formatted(escape(params.getOrDefault("username", ""))));
        return page("Sign in to SPOC", form.toString());
    }

    private static String page(String title, String body) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>body{font-family:system-ui,sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem}
                label{display:block;margin:.8rem 0}input{display:block;width:100%%;padding:.4rem;box-sizing:border-box}
                button{padding:.5rem 1.2rem}.error{color:#b00020}.hint{color:#555;font-size:.85rem}</style>
                </head><body><h1>%s</h1>
                %s</body></html>
                """.formatted(escape(title), escape(title), body);
    }

    // --- helpers

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(64 * 1024 + 1);
            if (body.length > 64 * 1024) {
                throw new BodyTooLargeException();
            }
            return body;
        }
    }

    static Map<String, String> parseForm(@Nullable String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", exchange.getRequestURI().getPath());
        send(exchange, status, "application/problem+json", json.writeValueAsBytes(body));
    }

    private void oauthError(HttpExchange exchange, int status, String error, String description) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        sendJson(exchange, status, body);
    }

    private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", json.writeValueAsBytes(body));
    }

    private static void sendHtml(HttpExchange exchange, int status, String html) throws IOException {
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        send(exchange, status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
