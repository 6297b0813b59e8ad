using System.Net.Sockets;
using Microsoft.Playwright;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// netstate serve's page in Debian's chromium: it lists a connection the test opens and marks it
/// new, streams its traced state changes (serve --trace), marks it closed when the test closes it,
/// sorts, takes filters (and shows the caret message for a bad one), never runs or draws a hostile
/// process name, and fits a phone's width.
/// </summary>
[Collection(ServeTests.Name)]
public sealed class ServePageTests(ServeBed bed)
{
    private const float Timeout = 90_000;

    [Fact]
    public async Task The_page_marks_a_new_connection_and_its_closing_under_a_filter()
    {
        Socket listener = bed.Listen(7201);
        IPage page = await bed.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        try
        {
            await page.GotoAsync($"http://127.0.0.1:{bed.Serve.Port}/");
            await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("updated", new() { Timeout = Timeout });

            await page.Locator("#filter").FillAsync("sport = :7201 or dport = :7201");
            await page.Locator("#filter").PressAsync("Enter");
            // Only the listener matches before the connection exists.
            await Assertions.Expect(page.Locator("#sockets tbody tr")).ToHaveCountAsync(1, new() { Timeout = Timeout });
            await Assertions.Expect(page.Locator("#sockets tbody tr td:nth-child(2)")).ToHaveTextAsync("LISTEN");

            (Socket client, Socket server) = bed.Connect(listener);
            await Assertions.Expect(page.Locator("#sockets tbody tr.new")).ToHaveCountAsync(2, new() { Timeout = Timeout });
            // serve --trace: the connection's state changes stream into the page, under the same filter.
            await Assertions.Expect(page.Locator("#trace-section")).ToBeVisibleAsync(new() { Timeout = Timeout });
            await Assertions.Expect(page.Locator("#trace li", new() { HasText = "SYN_SENT → ESTABLISHED" }).First).ToContainTextAsync(
                $"127.0.0.1:{((System.Net.IPEndPoint)client.LocalEndPoint!).Port} 127.0.0.1:7201", new() { Timeout = Timeout });
            // Only the filtered stream feeds the list (the unfiltered one opened with the page is closed).
            Assert.All(await page.Locator("#trace li").AllTextContentsAsync(), line => Assert.Contains(":7201", line, StringComparison.Ordinal));
            await Assertions.Expect(page.Locator("#sockets tbody tr.new td:nth-child(2)").First).ToHaveTextAsync("ESTABLISHED");
            Directory.CreateDirectory(Artifacts);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "serve-page-new.png"), FullPage = true });

            // Sorting by a column keeps across updates: the listener's 0.0.0.0:0 peer sorts first, then last.
            ILocator remotes = page.Locator("#sockets tbody tr td:nth-child(4)");
            await page.Locator("th[data-key=remote]").ClickAsync();
            await Assertions.Expect(remotes.First).ToHaveTextAsync("0.0.0.0:0");
            await page.Locator("th[data-key=remote]").ClickAsync();
            await Assertions.Expect(remotes.Last).ToHaveTextAsync("0.0.0.0:0");
            await Assertions.Expect(page.Locator("th[data-key=remote]")).ToHaveClassAsync("sorted-desc");

            ServeBed.Reset(client, server);
            await Assertions.Expect(page.Locator("#sockets tbody tr.closed")).ToHaveCountAsync(2, new() { Timeout = Timeout });
            await Assertions.Expect(page.Locator("#trace li", new() { HasText = "ESTABLISHED → CLOSE" }).First).ToBeVisibleAsync(new() { Timeout = Timeout });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "serve-page-closed.png"), FullPage = true });

            // A mistake in the filter shows the server's message with the caret under it.
            await page.Locator("#filter").FillAsync("state establishd");
            await page.Locator("#filter").PressAsync("Enter");
            await Assertions.Expect(page.Locator("#filter-error")).ToBeVisibleAsync(new() { Timeout = Timeout });
            await Assertions.Expect(page.Locator("#filter-error")).ToContainTextAsync("unknown state 'establishd'");
            Assert.Contains("\n        ^", await page.Locator("#filter-error").TextContentAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task With_allow_kill_the_page_asks_first_then_closes_the_connection_and_the_peer_sees_a_reset()
    {
        const string Token = "page-kill-token-for-the-tests";
        string tokenFile = Path.GetTempFileName();
        File.WriteAllText(tokenFile, Token + "\n");
        Socket listener = bed.Listen(7203);
        (Socket client, Socket server) = bed.Connect(listener);
        // A second server in the bed's namespace, the one the browser runs in; the bed's own is read-only.
        using var serve = new ServeProcess(bed.Namespace, "--token", tokenFile, "--allow-kill", "--interval", "0.5");
        IBrowserContext context = await bed.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1200, Height = 900 },
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + Token },
        });
        try
        {
            IPage page = await context.NewPageAsync();
            var questions = new List<string>();
            bool refuse = true;
            page.Dialog += async (_, dialog) =>
            {
                questions.Add(dialog.Message);
                if (refuse)
                    await dialog.DismissAsync();
                else
                    await dialog.AcceptAsync();
            };
            await page.GotoAsync($"http://127.0.0.1:{serve.Port}/");
            await Assertions.Expect(page.Locator("#mode")).ToContainTextAsync("Connections can be closed (--allow-kill).", new() { Timeout = Timeout });
            await page.Locator("#filter").FillAsync("state established and sport = :7203");
            await page.Locator("#filter").PressAsync("Enter");
            await Assertions.Expect(page.Locator("#sockets tbody tr")).ToHaveCountAsync(1, new() { Timeout = Timeout });
            ILocator close = page.Locator("#sockets tbody tr button.close");

            // Saying no to the question closes nothing: the connection still carries data.
            await close.ClickAsync();
            await Assertions.Expect(page.Locator("#action")).ToBeHiddenAsync();
            client.Send("ping"u8);
            Assert.Equal(4, server.Receive(new byte[4]));

            refuse = false;
            await close.ClickAsync();
            string peer = ((System.Net.IPEndPoint)client.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Assertions.Expect(page.Locator("#action")).ToHaveTextAsync($"closed: tcp 127.0.0.1:7203 -> 127.0.0.1:{peer} ESTABLISHED", new() { Timeout = Timeout });
            Assert.Equal(2, questions.Count);
            Assert.All(questions, q => Assert.StartsWith("Close this connection?", q, StringComparison.Ordinal));
            // The peer learns of it as -K's peers do: a reset.
            client.ReceiveTimeout = 60_000;
            SocketException reset = Assert.Throws<SocketException>(() => client.Receive(new byte[16]));
            Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
            await Assertions.Expect(page.Locator("#sockets tbody tr.closed")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        }
        finally
        {
            await context.CloseAsync();
            ServeBed.Reset(client, server);
            File.Delete(tokenFile);
        }
    }

    [Fact]
    public async Task A_hostile_process_name_is_shown_as_text_and_never_runs()
    {
        int pid = bed.Hostile.Id;
        IPage page = await bed.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 375, Height = 800 } });
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) => dialogs.Add(dialog.Message);
        try
        {
            await page.GotoAsync($"http://127.0.0.1:{bed.Serve.Port}/?filter=" + Uri.EscapeDataString($"dport = :{ServeBed.HostilePort}"));
            ILocator owner = page.Locator("#sockets tbody tr td:nth-child(7)");
            await Assertions.Expect(owner).ToHaveCountAsync(1, new() { Timeout = Timeout });
            await Assertions.Expect(owner).Not.ToHaveTextAsync("-", new() { Timeout = Timeout });
            // The cell holds the exact name as text (ESC and quotes included) ...
            Assert.Equal($"{pid}/{ServeBed.HostileName}", await owner.TextContentAsync());
            // ... and nothing of it became an element or ran.
            Assert.Equal(0, await page.Locator("img").CountAsync());
            Assert.Equal(1, await page.Locator("script").CountAsync());
            Assert.Equal("netstate", await page.TitleAsync());
            Assert.Empty(dialogs);

            // Phone width: the page itself does not scroll sideways (the table scrolls inside its box).
            int width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 375, $"the page is {width} px wide at a 375 px viewport");
            Directory.CreateDirectory(Artifacts);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "serve-page-phone.png"), FullPage = true });
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>Screenshots are kept beside the test binaries (CI can collect them).</summary>
    private static string Artifacts => Path.Combine(AppContext.BaseDirectory, "artifacts");
}
