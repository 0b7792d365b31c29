package io.nodus.api.identity;

import java.util.Arrays;

/**
 * Big-number base-N text (the "base-x" scheme of multibase): base58btc (Bitcoin alphabet, also the legacy peer-ID
 * form) and base36 lowercase (multibase prefix {@code k}). Leading zero bytes become leading first-alphabet
 * characters and back, so decoding then encoding gives back the same text.
 */
final class BaseN {

    static final BaseN BASE58_BTC =
            new BaseN("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", "base58btc");
    static final BaseN BASE36_LOWER = new BaseN("0123456789abcdefghijklmnopqrstuvwxyz", "base36");

    private final String alphabet;
    private final String name;
    private final int base;
    private final int[] indexes = new int[128];

    private BaseN(String alphabet, String name) {
        this.alphabet = alphabet;
        this.name = name;
        this.base = alphabet.length();
        Arrays.fill(indexes, -1);
        for (int i = 0; i < base; i++) {
            indexes[alphabet.charAt(i)] = i;
        }
    }

    String encode(byte[] input) {
        int zeros = 0;
        while (zeros < input.length && input[zeros] == 0) {
            zeros++;
        }
        byte[] digits = new byte[input.length * 2 + 1]; // little-endian base-N digits; 2 per byte is ample for N >= 16
        int length = 0;
        for (int i = zeros; i < input.length; i++) {
            int carry = input[i] & 0xff;
            int j = 0;
            for (; j < length || carry != 0; j++) {
                carry += (digits[j] & 0xff) * 256;
                digits[j] = (byte) (carry % base);
                carry /= base;
            }
            length = j;
        }
        StringBuilder out = new StringBuilder(zeros + length);
        out.append(String.valueOf(alphabet.charAt(0)).repeat(zeros));
        for (int i = length - 1; i >= 0; i--) {
            out.append(alphabet.charAt(digits[i]));
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException naming the first character outside the alphabet */
    byte[] decode(String text) {
        char zero = alphabet.charAt(0);
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == zero) {
            zeros++;
        }
        byte[] bytes = new byte[text.length()]; // little-endian base-256 accumulator
        int length = 0;
        for (int i = zeros; i < text.length(); i++) {
            char c = text.charAt(i);
            int carry = c < 128 ? indexes[c] : -1;
            if (carry < 0) {
                throw new IllegalArgumentException("invalid " + name + " character '" + c + "' at index " + i);
            }
            int j = 0;
            for (; j < length || carry != 0; j++) {
                carry += (bytes[j] & 0xff) * base;
                bytes[j] = (byte) carry;
                carry >>>= 8;
            }
            length = j;
        }
        byte[] out = new byte[zeros + length];
        for (int i = 0; i < length; i++) {
            out[zeros + i] = bytes[length - 1 - i];
        }
        return out;
    }
}
