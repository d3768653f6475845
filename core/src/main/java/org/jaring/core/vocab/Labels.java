package org.jaring.core.vocab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.Offence;
import org.jaring.v1.Tlp;

/**
 * The one place where people's labels for the interface and the code lists live, per language: JSON files under
 * org/jaring/core/vocab/labels/ that the console serves as they are and the command line reads through this class.
 * The codes (CC.FRAUD, TLP 2.0 labels, request types and states, legal bases) stay the normative, language-neutral
 * names; each file says whether its labels were reviewed by a speaker or machine-drafted ("_status"), so a member
 * state can correct its own. A label missing from a language falls back to English, then to the code itself.
 */
public final class Labels {
    /** English first: it is the reference every other file is checked against. */
    public static final List<String> LANGUAGES = List.of("en", "th", "ms", "id", "vi", "fil");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Labels> LOADED = new ConcurrentHashMap<>();

    private final String language;
    private final ObjectNode tree;

    private Labels(String language, ObjectNode tree) {
        this.language = language;
        this.tree = tree;
    }

    /** The labels of one language: en, th, ms, id, vi or fil (any case; "fil-PH" and "th_TH" also work). */
    public static Labels of(String language) {
        String lang = normalise(language);
        return LOADED.computeIfAbsent(lang, Labels::load);
    }

    /** The language code as the files name it, or an IllegalArgumentException that lists the accepted ones. */
    public static String normalise(String language) {
        String lang = language == null
                ? ""
                : language.strip().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        if (lang.equals("tl")) {
            lang = "fil"; // the ISO 639-1 code of Tagalog, on which Filipino is based
        }
        if (!LANGUAGES.contains(lang)) {
            throw new IllegalArgumentException(
                    "'" + language + "' is not a language of the labels; use one of " + String.join(", ", LANGUAGES));
        }
        return lang;
    }

    private static Labels load(String lang) {
        String resource = "labels/" + lang + ".json";
        try (InputStream in = Labels.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the labels file " + resource + " is missing from the class path");
            }
            return new Labels(lang, (ObjectNode) JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the labels file " + resource, e);
        }
    }

    public String language() {
        return language;
    }

    /** "reviewed" or "machine-drafted". */
    public String status() {
        return tree.path("_status").asText("machine-drafted");
    }

    /** The language's own name for itself, for a language menu. */
    public String name() {
        return tree.path("_name").asText(language);
    }

    /** The whole file, for the console (a copy: callers cannot change what others read). */
    public ObjectNode tree() {
        return tree.deepCopy();
    }

    /** The label of {@code key} in {@code section} ("ui", "offence", ...), else English's, else the key itself. */
    public String get(String section, String key) {
        JsonNode here = tree.path(section).path(key);
        if (here.isTextual()) {
            return here.asText();
        }
        if (!language.equals("en")) {
            return of("en").get(section, key);
        }
        return key;
    }

    public String offence(Offence offence) {
        return get("offence", OffenceCodes.code(offence));
    }

    public String tlp(Tlp tlp) {
        return get("tlp", TlpNames.label(tlp));
    }

    public String legalBasis(LegalBasis basis) {
        return get("legalBasis", LegalBases.name(basis));
    }

    /** Request types, states, refusal grounds and peer outcomes are keyed by their enum names. */
    public String code(String section, Enum<?> value) {
        return get(section, value.name());
    }
}
