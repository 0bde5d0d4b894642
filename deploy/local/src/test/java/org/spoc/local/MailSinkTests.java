package org.spoc.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The local stack's mail sink, as Jakarta Mail (what notification-service sends with) talks to it. */
class MailSinkTests {

    @TempDir
    Path data;

    private MailSink sink;

    @BeforeEach
    void start() throws IOException {
        sink = MailSink.start(0, data.resolve("mail"));
    }

    @AfterEach
    void stop() {
        sink.close();
    }

    @Test
    void keepsEachMessageAsAnEmlFileWithItsEnvelope() throws Exception {
        send("alice@spoc.local", "INC-42 was resolved", "Your ticket INC-42 was resolved.\n.a line starting with a dot");

        List<Path> kept = messages();
        assertThat(kept).hasSize(1);
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), Files.newInputStream(kept.get(0)));
        assertThat(message.getSubject()).isEqualTo("INC-42 was resolved");
        assertThat(message.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly("alice@spoc.local");
        assertThat(message.getHeader("X-Spoc-Envelope-To")[0]).isEqualTo("<alice@spoc.local>");
        assertThat(((String) message.getContent()).replace("\r\n", "\n"))
                .isEqualTo("Your ticket INC-42 was resolved.\n.a line starting with a dot\n");
    }

    @Test
    void keepsOnlyTheNewestMessages() throws Exception {
        for (int i = 0; i < 5; i++) {
            send("bob@spoc.local", "mail " + i, "body " + i);
        }
        sink.pruneToNewest(2);

        assertThat(messages()).hasSize(2).allSatisfy(file -> assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
                .containsAnyOf("mail 3", "mail 4"));
    }

    private void send(String to, String subject, String text) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(sink.port()));
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("spoc@spoc.local"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText(text, "UTF-8");
        Transport.send(message);
    }

    private List<Path> messages() throws IOException {
        try (Stream<Path> files = Files.list(data.resolve("mail"))) {
            return files.filter(file -> file.toString().endsWith(".eml")).sorted().toList();
        }
    }
}
