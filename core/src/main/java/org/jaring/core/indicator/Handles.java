package org.jaring.core.indicator;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Online handles as platform:name. The platform comes from a closed list so that "tg", "Telegram" and
 * "telegram" are one key; unknown platforms go under "other".
 *
 * <p>Every listed platform treats user names case-insensitively, so their names are lower-cased; names under
 * "other" are kept as given because we cannot know. WhatsApp, Viber and Zalo accounts are phone numbers, so a
 * name there that is spelled like a phone number is stored in E.164 and matches the phone indicator's value.
 */
final class Handles {
    private static final Map<String, String> PLATFORMS = Map.ofEntries(
            Map.entry("telegram", "telegram"),
            Map.entry("tg", "telegram"),
            Map.entry("whatsapp", "whatsapp"),
            Map.entry("wa", "whatsapp"),
            Map.entry("line", "line"),
            Map.entry("wechat", "wechat"),
            Map.entry("weixin", "wechat"),
            Map.entry("facebook", "facebook"),
            Map.entry("fb", "facebook"),
            Map.entry("messenger", "facebook"),
            Map.entry("instagram", "instagram"),
            Map.entry("ig", "instagram"),
            Map.entry("x", "x"),
            Map.entry("twitter", "x"),
            Map.entry("tiktok", "tiktok"),
            Map.entry("discord", "discord"),
            Map.entry("signal", "signal"),
            Map.entry("skype", "skype"),
            Map.entry("zalo", "zalo"),
            Map.entry("viber", "viber"),
            Map.entry("kakaotalk", "kakaotalk"),
            Map.entry("kakao", "kakaotalk"),
            Map.entry("snapchat", "snapchat"),
            Map.entry("youtube", "youtube"),
            Map.entry("reddit", "reddit"),
            Map.entry("github", "github"),
            Map.entry("threads", "threads"),
            Map.entry("other", "other"));
    private static final Set<String> PHONE_PLATFORMS = Set.of("whatsapp", "viber", "zalo");
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}\\p{N}_.\\-#+]{1,128}");
    private static final Pattern PHONE_LIKE = Pattern.compile("\\+?[0-9 ().\\-]{6,}");

    private Handles() {}

    static boolean hasKnownPlatformPrefix(String s) {
        int colon = s.indexOf(':');
        return colon > 0 && PLATFORMS.containsKey(s.substring(0, colon).strip().toLowerCase(Locale.ROOT));
    }

    static String canonical(String raw, Phones phones) throws InvalidIndicatorException {
        int colon = raw.indexOf(':');
        if (colon < 0) {
            throw new InvalidIndicatorException(
                    "not a handle: write it as platform:name, e.g. telegram:scam_support (platforms: " + platformList()
                            + ")");
        }
        String platformText = raw.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String platform = PLATFORMS.get(platformText);
        if (platform == null) {
            throw new InvalidIndicatorException("not a handle: unknown platform '"
                    + raw.substring(0, colon).strip() + "'; use one of " + platformList());
        }
        String name = raw.substring(colon + 1).strip();
        if (name.startsWith("@")) {
            name = name.substring(1);
        }
        if (name.isEmpty()) {
            throw new InvalidIndicatorException("not a handle: the name after '" + platform + ":' is empty");
        }
        if (PHONE_PLATFORMS.contains(platform) && PHONE_LIKE.matcher(name).matches()) {
            return platform + ":" + phones.canonical(name);
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidIndicatorException("not a handle: the name may hold only letters, digits and _ . - # +"
                    + " (at most 128 characters), no spaces");
        }
        return platform + ":" + ("other".equals(platform) ? name : name.toLowerCase(Locale.ROOT));
    }

    private static String platformList() {
        return String.join(", ", new TreeSet<>(PLATFORMS.values()));
    }
}
