package org.spoc.knowledge.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownTests {

    @Test
    void stripsMarkdownSyntaxToPlainText() {
        String plain = Markdown.toPlainText("## Connect\n\n1. Click **Connect** and see [the guide](https://x.example).\n- `vpn.example.com`");

        assertThat(plain).isEqualTo("Connect\n\nClick Connect and see the guide.\nvpn.example.com");
    }

    @Test
    void summarisesTheFirstParagraphWithinTheLimit() {
        assertThat(Markdown.summary("First paragraph here.\n\nSecond.", 200)).isEqualTo("First paragraph here.");
        assertThat(Markdown.summary("word ".repeat(100), 50)).hasSizeLessThanOrEqualTo(50).endsWith("…");
    }
}
