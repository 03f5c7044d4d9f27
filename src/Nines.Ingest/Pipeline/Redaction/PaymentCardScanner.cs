using System.Buffers;

namespace Nines.Ingest.Pipeline.Redaction;

/// <summary>
/// Finds payment card numbers without a regex: a run of 13–19 digits, single spaces or dashes
/// allowed between digits, standing alone (no letter, digit or underscore on either side),
/// starting with 2–6 and passing the Luhn check.
/// </summary>
/// <remarks>
/// The leading-digit rule covers the card networks (Mastercard 2/5, Amex/Diners/JCB 3, Visa 4,
/// Discover/UnionPay/Maestro 6) and keeps nanosecond Unix timestamps (19 digits starting with 1
/// until 2033) from being eaten one time in ten by a Luhn coincidence; the Luhn check does the same
/// for order ids and other long numbers.
/// </remarks>
internal static class PaymentCardScanner
{
    public const int MinDigits = 13;
    public const int MaxDigits = 19;

    // SearchValues rather than IndexOfAnyInRange: the generic range search boxes until the JIT
    // tiers it up, which made clean text allocate on a cold path.
    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    /// <summary>Start of the next card number at or after <paramref name="from"/>, or -1.</summary>
    public static int Next(ReadOnlySpan<char> text, int from, out int length)
    {
        length = 0;
        var i = from;
        while (i < text.Length)
        {
            var offset = text[i..].IndexOfAny(Digits);
            if (offset < 0)
            {
                return -1;
            }

            var start = i + offset;
            var end = RunEnd(text, start, out var digits);
            if (digits is >= MinDigits and <= MaxDigits
                && text[start] is >= '2' and <= '6'
                && (start == 0 || !IsWordChar(text[start - 1]))
                && (end == text.Length || !IsWordChar(text[end]))
                && Luhn(text[start..end]))
            {
                length = end - start;
                return start;
            }

            // A run that is not a card cannot contain one: a shorter piece would touch a digit.
            i = end;
        }

        return -1;
    }

    private static int RunEnd(ReadOnlySpan<char> text, int start, out int digits)
    {
        digits = 0;
        var j = start;
        while (j < text.Length)
        {
            var c = text[j];
            if (char.IsAsciiDigit(c))
            {
                digits++;
                j++;
            }
            else if ((c == ' ' || c == '-') && j + 1 < text.Length && char.IsAsciiDigit(text[j + 1]) && char.IsAsciiDigit(text[j - 1]))
            {
                j++;
            }
            else
            {
                break;
            }
        }

        return j;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static bool Luhn(ReadOnlySpan<char> run)
    {
        var sum = 0;
        var doubled = false;
        for (var k = run.Length - 1; k >= 0; k--)
        {
            var c = run[k];
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            var d = c - '0';
            if (doubled)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }
}
