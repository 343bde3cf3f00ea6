package io.omniretail.customer.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import io.omniretail.events.customer.IdentifierType;
import io.omniretail.events.touchpoint.IdentityHints;

/**
 * Deterministic identifiers from what a touchpoint carries: e-mail trimmed and lower-cased, phones in E.164
 * (libphonenumber, read in the touchpoint's country or the default region), source ids as given. The list is
 * ordered strongest first: when identifiers point at different customers and no merge is allowed, the
 * strongest one decides. Device and browser ids are never verified; a push token is an address, not a match key
 * ({@link #isMatchKey}).
 */
public final class IdentifierNormalizer {

    public record Identifier(IdentifierType type, String value, boolean verified) {
    }

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final String defaultRegion;

    public IdentifierNormalizer(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    public List<Identifier> normalize(IdentityHints hints) {
        boolean verified = hints.getVerified();
        List<Identifier> identifiers = new ArrayList<>();
        add(identifiers, IdentifierType.SHOPIFY_CUSTOMER_ID, trim(hints.getShopifyCustomerId()), verified);
        add(identifiers, IdentifierType.ACCOUNT_ID, trim(hints.getAccountId()), verified);
        add(identifiers, IdentifierType.POS_LOYALTY_CARD, trim(hints.getPosLoyaltyCard()), verified);
        add(identifiers, IdentifierType.LINE_USER_ID, trim(hints.getLineUserId()), verified);
        add(identifiers, IdentifierType.EMAIL, email(hints.getEmail()), verified);
        String phone = phone(hints.getPhone() != null ? hints.getPhone() : hints.getRawPhone(), hints.getCountryCode());
        add(identifiers, IdentifierType.PHONE, phone, verified);
        add(identifiers, IdentifierType.POS_CUSTOMER_ID, trim(hints.getPosCustomerId()), verified);
        add(identifiers, IdentifierType.APP_DEVICE_ID, trim(hints.getAppDeviceId()), false);
        // a browser or an installation: never verified, so it never merges two known customers
        add(identifiers, IdentifierType.ANONYMOUS_ID, trim(hints.getAnonymousId()), false);
        add(identifiers, IdentifierType.PUSH_TOKEN, trim(hints.getPushToken()), false);
        return identifiers;
    }

    /** Whether customers are found by this identifier (a push token moves with the app's login, so it is not). */
    public static boolean isMatchKey(IdentifierType type) {
        return type != IdentifierType.PUSH_TOKEN;
    }

    /** Identifiers of a device or a browser, which say nothing about who uses it: a customer holding only these is anonymous. */
    public static boolean isAnonymous(IdentifierType type) {
        return type == IdentifierType.ANONYMOUS_ID || type == IdentifierType.APP_DEVICE_ID || type == IdentifierType.PUSH_TOKEN;
    }

    /** Lower-cased and trimmed; null when it cannot be an address. */
    public static String email(String raw) {
        String email = trim(raw);
        if (email == null) {
            return null;
        }
        email = email.toLowerCase(Locale.ROOT);
        int at = email.indexOf('@');
        return at > 0 && at == email.lastIndexOf('@') && email.indexOf('.', at) > at + 1 && !email.endsWith(".") ? email : null;
    }

    /** E.164 (e.g. +819012345678); null when the number is not valid for its region. */
    public String phone(String raw, String countryCode) {
        String number = trim(raw);
        if (number == null) {
            return null;
        }
        String region = countryCode == null || countryCode.isBlank() ? defaultRegion : countryCode.toUpperCase(Locale.ROOT);
        try {
            Phonenumber.PhoneNumber parsed = PHONES.parse(number, region);
            return PHONES.isValidNumber(parsed) ? PHONES.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    /** The ISO 3166 region of an E.164 number (e.g. "JP" for +8190...), or null. */
    public static String region(String e164) {
        try {
            String region = PHONES.getRegionCodeForNumber(PHONES.parse(e164, null));
            return region == null || "ZZ".equals(region) ? null : region;
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static void add(List<Identifier> identifiers, IdentifierType type, String value, boolean verified) {
        if (value != null) {
            identifiers.add(new Identifier(type, value, verified));
        }
    }

    private static String trim(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
