package org.spoc.local;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityProviderTests {

    private static final String ISSUER = "http://localhost:8080/auth";
    private static final String REDIRECT = "http://localhost:8080/callback";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path data;

    private IdentityProvider idp;

    @BeforeEach
    void start() throws Exception {
        idp = IdentityProvider.start(0, data, ISSUER, null, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "alice | REQUESTER        | ''",
            "bob   | REQUESTER        | ''",
            "carol | REQUESTER        | ''",
            "hank  | AGENT            | service-desk",
            "nora  | AGENT            | network-ops",
            "pete  | AGENT            | desktop-support",
            "vera  | AGENT            | infrastructure-eng",
            "mia   | MANAGER AGENT    | service-desk",
            "root  | ADMIN            | ''" })
    void issuesSignedTokensWithTheDemoUsersRolesAndGroups(String user, String roles, String groups) throws Exception {
        HttpResponse<String> response = postJson("/auth/token", "{\"username\":\"" + user + "\",\"password\":\"changeme\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("token_type").stringValue()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
        JWTClaimsSet claims = verified(body.get("access_token").stringValue());
        assertThat(claims.getSubject()).isEqualTo(user);
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getAudience()).containsExactly("spoc");
        assertThat(claims.getStringListClaim("roles")).containsExactlyInAnyOrder(roles.split(" "));
        assertThat(claims.getStringListClaim("groups"))
                .containsExactlyInAnyOrderElementsOf(groups.isEmpty() ? List.of() : List.of(groups));
        assertThat(claims.getExpirationTime()).isCloseTo(new Date(System.currentTimeMillis() + 3_600_000), 60_000);
    }

    @Test
    void rejectsAWrongPasswordWithProblemDetails() throws Exception {
        HttpResponse<String> response = postJson("/auth/token", "{\"username\":\"alice\",\"password\":\"wrong\"}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("detail").stringValue()).isEqualTo("invalid username or password");
        assertThat(response.body()).doesNotContain("access_token");
    }

    @Test
    void rejectsAnUnknownUserLikeAWrongPassword() throws Exception {
        HttpResponse<String> response = postJson("/auth/token", "{\"username\":\"mallory\",\"password\":\"changeme\"}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json.readTree(response.body()).get("detail").stringValue()).isEqualTo("invalid username or password");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "not json", "[]", "{\"username\":\"alice\"}", "{\"username\":1,\"password\":\"changeme\"}", "''" })
    void rejectsAMalformedBodyWithBadRequest(String body) throws Exception {
        HttpResponse<String> response = postJson("/auth/token", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(response.body()).get("status").asInt()).isEqualTo(400);
    }

    @Test
    void answersGetOnTheTokenEndpointWithMethodNotAllowed() throws Exception {
        HttpResponse<String> response = get("/auth/token");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void publishesDiscoveryDocumentPointingAtItsEndpoints() throws Exception {
        HttpResponse<String> response = get("/auth/.well-known/openid-configuration");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = json.readTree(response.body());
        assertThat(doc.get("issuer").stringValue()).isEqualTo(ISSUER);
        assertThat(doc.get("jwks_uri").stringValue()).isEqualTo(ISSUER + "/jwks");
        assertThat(doc.get("authorization_endpoint").stringValue()).isEqualTo(ISSUER + "/authorize");
        assertThat(doc.get("token_endpoint").stringValue()).isEqualTo(ISSUER + "/oauth/token");
        assertThat(doc.get("code_challenge_methods_supported").get(0).stringValue()).isEqualTo("S256");
    }

    @Test
    void keepsItsSigningKeyAcrossRestarts() throws Exception {
        String token = token("hank");
        idp.close();
        idp = IdentityProvider.start(0, data, ISSUER, null, Clock.systemUTC());

        assertThat(verified(token).getSubject()).isEqualTo("hank");
        assertThat(JWKSet.parse(get("/auth/jwks").body()).getKeys()).hasSize(1)
                .allSatisfy(key -> assertThat(key.isPrivate()).isFalse());
    }

    @Test
    void signsInABrowserWithAuthorizationCodeAndPkce() throws Exception {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        String authorize = "/auth/authorize?response_type=code&client_id=spoc-portal&state=xyz%201&code_challenge_method=S256"
                + "&code_challenge=" + IdentityProvider.s256(verifier) + "&redirect_uri=" + enc(REDIRECT);

        HttpResponse<String> form = get(authorize);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(form.body()).contains("<form method=\"post\" action=\"login\">", "name=\"password\"",
                "value=\"" + IdentityProvider.s256(verifier) + "\"");

        Map<String, String> fields = Map.of("response_type", "code", "client_id", "spoc-portal", "state", "xyz 1",
                "code_challenge_method", "S256", "code_challenge", IdentityProvider.s256(verifier), "redirect_uri", REDIRECT);
        HttpResponse<String> wrong = postForm("/auth/login", with(fields, "username", "mia", "password", "nope"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Invalid username or password", "value=\"mia\"");

        HttpResponse<String> login = postForm("/auth/login", with(fields, "username", "mia", "password", "changeme"));
        assertThat(login.statusCode()).isEqualTo(302);
        URI location = URI.create(login.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith(REDIRECT + "?code=").endsWith("&state=xyz+1");
        String code = IdentityProvider.parseForm(location.getRawQuery()).get("code");

        Map<String, String> exchange = Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                "client_id", "spoc-portal", "code_verifier", verifier);
        HttpResponse<String> token = postForm("/auth/oauth/token", exchange);
        assertThat(token.statusCode()).isEqualTo(200);
        JWTClaimsSet claims = verified(json.readTree(token.body()).get("access_token").stringValue());
        assertThat(claims.getSubject()).isEqualTo("mia");
        assertThat(claims.getStringListClaim("roles")).containsExactlyInAnyOrder("MANAGER", "AGENT");

        HttpResponse<String> replay = postForm("/auth/oauth/token", exchange);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(json.readTree(replay.body()).get("error").stringValue()).isEqualTo("invalid_grant");
    }

    @Test
    void refusesACodeExchangeWithTheWrongVerifier() throws Exception {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        Map<String, String> fields = Map.of("response_type", "code", "client_id", "spoc-portal", "code_challenge_method",
                "S256", "code_challenge", IdentityProvider.s256(verifier), "redirect_uri", REDIRECT, "username", "bob",
                "password", "changeme");
        URI location = URI.create(postForm("/auth/login", fields).headers().firstValue("Location").orElseThrow());
        String code = IdentityProvider.parseForm(location.getRawQuery()).get("code");

        HttpResponse<String> token = postForm("/auth/oauth/token", Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT, "client_id", "spoc-portal", "code_verifier", verifier + "x"));

        assertThat(token.statusCode()).isEqualTo(400);
        assertThat(json.readTree(token.body()).get("error").stringValue()).isEqualTo("invalid_grant");
        assertThat(token.body()).doesNotContain("access_token");
    }

    @Test
    void refusesToRedirectToAForeignHostOrWithoutPkce() throws Exception {
        String challenge = IdentityProvider.s256("v".repeat(50));
        HttpResponse<String> foreign = get("/auth/authorize?response_type=code&client_id=p&code_challenge_method=S256"
                + "&code_challenge=" + challenge + "&redirect_uri=" + enc("https://evil.example/steal"));
        HttpResponse<String> noPkce = get("/auth/authorize?response_type=code&client_id=p&redirect_uri=" + enc(REDIRECT));

        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.body()).contains("redirect_uri").doesNotContain("<form");
        assertThat(noPkce.statusCode()).isEqualTo(400);
        assertThat(noPkce.body()).contains("code_challenge");
    }

    private String token(String user) throws Exception {
        HttpResponse<String> response = postJson("/auth/token", "{\"username\":\"" + user + "\",\"password\":\"changeme\"}");
        return json.readTree(response.body()).get("access_token").stringValue();
    }

    private JWTClaimsSet verified(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        JWKSet jwks = JWKSet.parse(get("/auth/jwks").body());
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("JWKS key for kid %s", jwt.getHeader().getKeyID()).isNotNull();
        assertThat(jwt.verify(new RSASSAVerifier(key))).as("signature").isTrue();
        return jwt.getJWTClaimsSet();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postForm(String path, Map<String, String> fields) throws Exception {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&").append(enc(name)).append('=').append(enc(value)));
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> with(Map<String, String> fields, String... more) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return all;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + idp.port() + path);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
