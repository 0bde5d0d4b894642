import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The images' health check (they have no shell and no curl): exit 0 when the URL answers 2xx. */
public final class Health {
    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:8080/actuator/health/readiness";
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build();
        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        System.exit(status / 100 == 2 ? 0 : 1);
    }
}
