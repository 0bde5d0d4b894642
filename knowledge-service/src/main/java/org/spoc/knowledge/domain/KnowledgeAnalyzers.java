package org.spoc.knowledge.domain;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The analysis of article text. {@link #english()} is Lucene's {@link EnglishAnalyzer} chain
 * (standard tokenizer, possessives, lower case, stop words, Porter stemming) with ASCII folding, a
 * few desk words that carry no meaning ("how", "my", "please") as extra stop words, and spellings
 * normalised before tokenizing ("Wi-Fi" and "WiFi" are "wifi", "e-mail" is "email"). {@link #raw()}
 * is the same without stop words and stemming: the field that typo-tolerant and prefix matching use.
 */
public final class KnowledgeAnalyzers {

    private static final List<String> DESK_STOP_WORDS = List.of("how", "do", "does", "i", "me", "my", "we", "our",
            "you", "your", "can", "could", "can't", "cannot", "help", "please", "what", "why", "when", "where",
            "which", "who", "get", "getting", "got", "am", "has", "have", "had", "hi", "hello", "thanks", "thank",
            "would", "should", "im", "i'm", "its", "it's", "some", "any", "from", "so", "just", "still", "also",
            "want", "need", "trying", "try", "able", "unable");

    private static final Map<String, String> SPELLINGS = Map.ofEntries(
            Map.entry("Wi-Fi", "wifi"), Map.entry("wi-fi", "wifi"), Map.entry("WI-FI", "wifi"), Map.entry("Wi-fi", "wifi"),
            Map.entry("WiFi", "wifi"), Map.entry("Wifi", "wifi"), Map.entry("WIFI", "wifi"),
            Map.entry("E-mail", "email"), Map.entry("e-mail", "email"), Map.entry("E-Mail", "email"),
            Map.entry("e-mails", "emails"), Map.entry("E-mails", "emails"),
            Map.entry("multi-factor", "multifactor"), Map.entry("Multi-factor", "multifactor"),
            Map.entry("two-factor", "twofactor"), Map.entry("Two-factor", "twofactor"),
            Map.entry("2FA", "mfa"), Map.entry("2fa", "mfa"), Map.entry("MFA", "mfa"),
            Map.entry("log-in", "login"), Map.entry("sign-in", "signin"), Map.entry("Sign-in", "signin"),
            Map.entry("OneDrive", "onedrive"), Map.entry("re-set", "reset"),
            // "title:vpn" would be one token (a colon joins letters in Unicode word breaking)
            Map.entry(":", " "));

    private static final NormalizeCharMap CHAR_MAP = charMap();
    private static final CharArraySet STOP_WORDS = stopWords();

    private static final Analyzer ENGLISH = new Analyzer() {
        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            return new MappingCharFilter(CHAR_MAP, reader);
        }

        @Override
        protected Reader initReaderForNormalization(String fieldName, Reader reader) {
            return new MappingCharFilter(CHAR_MAP, reader);
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new StandardTokenizer();
            TokenStream result = new EnglishPossessiveFilter(source);
            result = new LowerCaseFilter(result);
            result = new ASCIIFoldingFilter(result);
            result = new StopFilter(result, STOP_WORDS);
            result = new PorterStemFilter(result);
            return new TokenStreamComponents(source, result);
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new ASCIIFoldingFilter(new LowerCaseFilter(in));
        }
    };

    private static final Analyzer RAW = new Analyzer() {
        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            return new MappingCharFilter(CHAR_MAP, reader);
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new StandardTokenizer();
            TokenStream result = new EnglishPossessiveFilter(source);
            result = new LowerCaseFilter(result);
            result = new ASCIIFoldingFilter(result);
            return new TokenStreamComponents(source, result);
        }
    };

    private KnowledgeAnalyzers() {
    }

    public static Analyzer english() {
        return ENGLISH;
    }

    public static Analyzer raw() {
        return RAW;
    }

    /** The analyzer of an article document: {@link #raw()} for the raw field, English for the rest. */
    static Analyzer perField(String rawField) {
        return new PerFieldAnalyzerWrapper(ENGLISH, Map.of(rawField, RAW));
    }

    /** Whether the raw token is a stop word of the English analysis. */
    static boolean isStopWord(String rawToken) {
        return STOP_WORDS.contains(rawToken);
    }

    /** The tokens {@code analyzer} makes of {@code text}. */
    public static List<String> tokens(Analyzer analyzer, String text) {
        List<String> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(term.toString());
            }
            stream.end();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return tokens;
    }

    private static NormalizeCharMap charMap() {
        NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
        SPELLINGS.forEach(builder::add);
        return builder.build();
    }

    private static CharArraySet stopWords() {
        CharArraySet set = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
        set.addAll(DESK_STOP_WORDS);
        // "not" and "no" carry the symptom ("no sound", "not printing") but match everywhere: keep them stopped
        return CharArraySet.unmodifiableSet(set);
    }
}
