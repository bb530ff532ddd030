using System.Net;
using System.Net.Http.Headers;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Forwarding;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class StreamingTests(AzuriteFixture azurite)
{
    private const long OneGigabyte = 1L << 30;

    /// <summary>Well above the idle process (~100 MB) and far below a buffered gigabyte.</summary>
    private const long MemoryCeiling = 400L << 20;

    [Fact]
    public async Task A_one_gigabyte_upload_and_download_stream_through_the_gateway_in_constant_memory()
    {
        await using var backend = await BackendServer.StartAsync("files", async context =>
        {
            if (HttpMethods.IsPost(context.Request.Method))
            {
                var received = await CountAsync(context.Request.Body, context.RequestAborted);
                await context.Response.WriteAsync(received.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return;
            }

            context.Response.ContentLength = OneGigabyte;
            var chunk = new byte[64 * 1024];
            for (long sent = 0; sent < OneGigabyte; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        await using var gateway = AppChildProcess.Start(AppChildProcess.Gateway, new GatewaySettings()
            .Backend("files", backend.Address)
            .Route("files", "/files/{**rest}", "files", ("MaxRequestBodySize", "-1"))
            .Set("AzureWebJobsStorage", azurite.ConnectionString)
            .Set("HeartbeatSchedule", "0 0 0 1 1 *")
            .Build());
        await gateway.WaitUntilListeningAsync();

        using var upload = new StreamContent(new GeneratedStream(OneGigabyte), 64 * 1024);
        upload.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var uploaded = await gateway.Client.PostAsync("/files/up", upload);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        Assert.Equal(OneGigabyte.ToString(System.Globalization.CultureInfo.InvariantCulture), await uploaded.Content.ReadAsStringAsync());

        using var download = await gateway.Client.GetAsync("/files/down", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(OneGigabyte, await CountAsync(await download.Content.ReadAsStreamAsync(), CancellationToken.None));

        Assert.InRange(gateway.PeakResidentBytes(), 1, MemoryCeiling);
    }

    private static async Task<long> CountAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }
}
