using System.Globalization;

namespace Netstate.Cli.Rendering;

/// <summary>C printf's %g, %.Ng and %.Nf for the numbers ss prints (rtt, rates), so the text matches ss exactly.</summary>
internal static class CFormat
{
    /// <summary>printf("%.{precision}g"): significant digits, trailing zeros dropped, exponent form outside 1e-4 .. 1e{precision}.</summary>
    public static string G(double value, int precision = 6)
    {
        if (value == 0)
            return "0";
        if (double.IsNaN(value) || double.IsInfinity(value))
            return double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        precision = Math.Clamp(precision, 1, 17);
        // One conversion: "E" rounds to the requested significant digits, and its exponent decides the
        // form, as in C; the fixed form (precision - 1 - exponent decimals) has the very same digits.
        Span<char> format = stackalloc char[3];
        format[0] = 'E';
        (precision - 1).TryFormat(format[1..], out int formatLength, default, CultureInfo.InvariantCulture);
        Span<char> scientific = stackalloc char[40];
        value.TryFormat(scientific, out int length, format[..(1 + formatLength)], CultureInfo.InvariantCulture);
        int e = scientific[..length].IndexOf('E');
        int exponent = int.Parse(scientific[(e + 1)..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        ReadOnlySpan<char> mantissa = scientific[..e];
        if (exponent < -4 || exponent >= precision)
            return string.Concat(TrimZeros(mantissa), exponent < 0 ? "e-" : "e+", Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));

        // d.ddd (precision digits) with the point moved by the exponent.
        Span<char> digits = stackalloc char[precision];
        int count = 0;
        foreach (char c in mantissa)
        {
            if (char.IsAsciiDigit(c))
                digits[count++] = c;
        }
        Span<char> text = stackalloc char[precision + 8];
        int at = 0;
        if (mantissa[0] == '-')
            text[at++] = '-';
        if (exponent >= 0)
        {
            digits[..(exponent + 1)].CopyTo(text[at..]);
            at += exponent + 1;
            text[at++] = '.';
            digits[(exponent + 1)..count].CopyTo(text[at..]);
            at += count - exponent - 1;
        }
        else
        {
            "0.".CopyTo(text[at..]);
            at += 2;
            for (int i = -1; i > exponent; i--)
                text[at++] = '0';
            digits[..count].CopyTo(text[at..]);
            at += count;
        }
        return new string(TrimZeros(text[..at]));
    }

    /// <summary>printf("%.{decimals}f"), halves rounded to even as glibc does for exact ties.</summary>
    public static string F(double value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.ToEven).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static ReadOnlySpan<char> TrimZeros(ReadOnlySpan<char> number) =>
        number.Contains('.') ? number.TrimEnd('0').TrimEnd('.') : number;
}
