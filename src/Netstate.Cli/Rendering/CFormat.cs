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
        precision = Math.Max(precision, 1);
        // "E" rounds to the requested significant digits first; its exponent decides the form, as in C.
        string scientific = value.ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        int e = scientific.IndexOf('E', StringComparison.Ordinal);
        int exponent = int.Parse(scientific.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (exponent < -4 || exponent >= precision)
        {
            string mantissa = TrimZeros(scientific[..e]);
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }
        return TrimZeros(value.ToString("F" + (precision - 1 - exponent).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }

    /// <summary>printf("%.{decimals}f"), halves rounded to even as glibc does for exact ties.</summary>
    public static string F(double value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.ToEven).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string TrimZeros(string number)
    {
        if (!number.Contains('.', StringComparison.Ordinal))
            return number;
        return number.TrimEnd('0').TrimEnd('.');
    }
}
