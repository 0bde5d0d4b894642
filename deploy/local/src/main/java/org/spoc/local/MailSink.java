package org.spoc.local;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack's outgoing mail server: accepts every message notification-service sends over
 * SMTP on 127.0.0.1 and keeps it as an {@code .eml} file in {@code <data>/mail/}, the newest
 * {@value #KEEP} of them, for developers to open in any mail client. Without it every e-mail of the
 * local stack failed to connect and was retried until given up, which also cost the stack CPU in
 * the bench.
 *
 * <p>It speaks the part of SMTP (RFC 5321) a submitting client needs: {@code EHLO/HELO}, {@code MAIL},
 * {@code RCPT}, {@code DATA} with dot-unstuffing, {@code RSET}, {@code NOOP} and {@code QUIT}. It
 * offers no extensions (no STARTTLS, no AUTH), so a client sends plain 7-bit or 8-bit text.
 */
final class MailSink implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(MailSink.class);
    static final int KEEP = 1000;
    /** The largest message accepted: larger ones get 552 and are not kept. */
    private static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

    private final ServerSocket server;
    private final Path folder;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong received = new AtomicLong();

    private MailSink(ServerSocket server, Path folder) {
        this.server = server;
        this.folder = folder;
    }

    static MailSink start(int port, Path folder) throws IOException {
        Files.createDirectories(folder);
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        MailSink sink = new MailSink(socket, folder);
        Thread.ofPlatform().daemon().name("mail-sink").start(sink::accept);
        return sink;
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.submit(() -> converse(client));
            }
            catch (IOException ex) {
                if (!server.isClosed()) {
                    log.warn("mail sink: accept failed: {}", ex.toString());
                }
            }
        }
    }

    private void converse(Socket client) {
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.ISO_8859_1)); OutputStream out = client.getOutputStream()) {
            client.setSoTimeout(60_000);
            reply(out, "220 spoc-local mail sink ready");
            List<String> recipients = new ArrayList<>();
            String sender = null;
            String line;
            while ((line = in.readLine()) != null) {
                String verb = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO", "HELO" -> reply(out, "250 spoc-local");
                    case "MAIL" -> {
                        sender = argument(line);
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        if (sender == null) {
                            reply(out, "503 MAIL first");
                        }
                        else {
                            recipients.add(argument(line));
                            reply(out, "250 OK");
                        }
                    }
                    case "DATA" -> {
                        if (recipients.isEmpty()) {
                            reply(out, "503 RCPT first");
                            continue;
                        }
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        byte[] message = readData(in);
                        if (message == null) {
                            reply(out, "552 message larger than " + MAX_MESSAGE_BYTES + " bytes");
                        }
                        else {
                            keep(sender, recipients, message);
                            reply(out, "250 OK kept");
                        }
                        sender = null;
                        recipients.clear();
                    }
                    case "RSET" -> {
                        sender = null;
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "NOOP" -> reply(out, "250 OK");
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 command not implemented");
                }
            }
        }
        catch (SocketException ex) {
            // the client went away
        }
        catch (IOException ex) {
            log.warn("mail sink: conversation failed: {}", ex.toString());
        }
    }

    /** The message up to the lone dot, dot-unstuffed; {@code null} when it was too large (read to the end). */
    private static byte[] readData(BufferedReader in) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        boolean tooLarge = false;
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            if (tooLarge) {
                continue;
            }
            String unstuffed = line.startsWith(".") ? line.substring(1) : line;
            message.writeBytes((unstuffed + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            tooLarge = message.size() > MAX_MESSAGE_BYTES;
        }
        return tooLarge ? null : message.toByteArray();
    }

    private void keep(String sender, List<String> recipients, byte[] message) throws IOException {
        long number = received.incrementAndGet();
        String name = "%d-%06d.eml".formatted(System.currentTimeMillis(), number);
        byte[] envelope = ("X-Spoc-Envelope-From: " + sender + "\r\nX-Spoc-Envelope-To: " + String.join(", ", recipients)
                + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        Path partial = folder.resolve(name + ".part");
        try (OutputStream file = Files.newOutputStream(partial)) {
            file.write(envelope);
            file.write(message);
        }
        Files.move(partial, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        log.debug("mail sink: kept {} for {}", name, recipients);
        if (number % 100 == 0) {
            pruneToNewest(KEEP);
        }
    }

    /** Deletes all but the newest {@code keep} messages (their names sort by arrival). */
    void pruneToNewest(int keep) throws IOException {
        List<Path> messages;
        try (Stream<Path> files = Files.list(folder)) {
            messages = files.filter(file -> file.getFileName().toString().endsWith(".eml"))
                    .sorted(Comparator.comparing(Path::getFileName)).toList();
        }
        for (Path old : messages.subList(0, Math.max(0, messages.size() - keep))) {
            Files.deleteIfExists(old);
        }
    }

    private static String argument(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? "" : line.substring(colon + 1).strip();
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        }
        catch (IOException ex) {
            log.debug("mail sink: close failed: {}", ex.toString());
        }
        connections.shutdownNow();
    }
}
