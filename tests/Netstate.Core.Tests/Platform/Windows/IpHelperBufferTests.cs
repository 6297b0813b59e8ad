using System.ComponentModel;
using Netstate.Core.Platform.Windows;

namespace Netstate.Core.Tests;

/// <summary>The size-then-fill loop of IP Helper's table calls, against a table that grows between calls.</summary>
public sealed unsafe class IpHelperBufferTests
{
    private const uint InsufficientBuffer = 122;

    [Fact]
    public void A_table_that_grows_between_the_size_call_and_the_fill_call_is_asked_again_and_read_whole()
    {
        // The fake table: 100 bytes when sized, 400 by the time the buffer arrives, then steady.
        int[] sizes = [100, 400, 400, 400];
        int call = 0;
        var asked = new List<uint>();

        byte[] bytes = IpHelperBuffer.Read((byte* buffer, ref uint size) =>
        {
            int now = sizes[Math.Min(call++, sizes.Length - 1)];
            asked.Add(size);
            if (buffer is null || size < now)
            {
                size = (uint)now;
                return InsufficientBuffer;
            }
            for (int i = 0; i < now; i++)
                buffer[i] = 7;
            return 0;
        }, "fake table");

        Assert.True(asked.Count >= 3, $"asked {asked.Count} times");
        Assert.Equal(0u, asked[0]);
        Assert.True(bytes.Length >= 400);
        Assert.All(bytes[..400], b => Assert.Equal(7, b));
    }

    [Fact]
    public void An_error_other_than_a_small_buffer_is_raised_with_its_code()
    {
        var error = Assert.Throws<Win32Exception>(() => IpHelperBuffer.Read((byte* buffer, ref uint size) => 87, "GetExtendedTcpTable (IPv4)"));

        Assert.Equal(87, error.NativeErrorCode);
        Assert.StartsWith("GetExtendedTcpTable (IPv4): ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_that_always_outgrows_the_buffer_ends_after_a_bounded_number_of_attempts()
    {
        int calls = 0;
        var error = Assert.Throws<Win32Exception>(() => IpHelperBuffer.Read((byte* buffer, ref uint size) =>
        {
            calls++;
            size = size * 4 + 1000;
            return InsufficientBuffer;
        }, "fake table"));

        Assert.Equal(IpHelperBuffer.MaxAttempts, calls);
        Assert.Contains("kept growing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_table_that_needs_no_buffer_reads_as_zero_rows()
    {
        byte[] bytes = IpHelperBuffer.Read((byte* buffer, ref uint size) => 0, "fake table");

        Assert.Equal([0, 0, 0, 0], bytes);
    }
}
