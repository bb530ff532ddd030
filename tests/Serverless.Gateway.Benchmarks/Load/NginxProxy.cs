using System.Globalization;
using Serverless.LocalRun;
using Serverless.Gateway.Benchmarks.Processes;
using Serverless.Gateway.Benchmarks.Tools;

namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>
/// nginx as the reverse proxy a team would put in front of the backend instead: the same route, HTTP/1.1 with upstream
/// keep-alive, no access log, and <c>worker_processes auto</c> as Debian's own configuration ships it.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private readonly string _directory;

    private NginxProxy(BenchProcess process, Uri address, string directory)
    {
        Process = process;
        Address = address;
        _directory = directory;
    }

    public BenchProcess Process { get; }

    public Uri Address { get; }

    public static async Task<NginxProxy> StartAsync(Uri backend, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("serverless-bench-nginx-").FullName;
        var port = LoopbackPorts.Free();
        var configuration = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(configuration, Configuration(directory, port, backend), cancellationToken);
        var process = BenchProcess.Start("nginx", SystemTool.Find("nginx"), ["-p", directory, "-c", configuration, "-e", Path.Combine(directory, "error.log")]);
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var proxy = new NginxProxy(process, address, directory);
        try
        {
            await Loopback.WaitForStatusAsync(process, new Uri(address, "/bench/probe"), TimeSpan.FromSeconds(30), cancellationToken);
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    public static async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        await using var process = BenchProcess.Start("nginx", SystemTool.Find("nginx"), ["-v"]);
        await process.WaitForExitAsync(cancellationToken);
        return process.Output.Trim().Replace("nginx version: ", string.Empty, StringComparison.Ordinal);
    }

    public static string Configuration(string directory, int port, Uri backend) => $$"""
        worker_processes auto;
        daemon off;
        pid {{directory}}/nginx.pid;
        error_log {{directory}}/error.log warn;
        events { worker_connections 4096; }
        http {
            access_log off;
            client_body_temp_path {{directory}}/body;
            proxy_temp_path {{directory}}/proxy;
            fastcgi_temp_path {{directory}}/fastcgi;
            uwsgi_temp_path {{directory}}/uwsgi;
            scgi_temp_path {{directory}}/scgi;
            upstream backend {
                server {{backend.Authority}};
                keepalive 64;
            }
            server {
                listen 127.0.0.1:{{port.ToString(CultureInfo.InvariantCulture)}};
                location /bench/ {
                    proxy_pass http://backend;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                }
            }
        }
        """;

    public async ValueTask DisposeAsync()
    {
        // SIGTERM is nginx's fast shutdown; the master takes its workers down with it.
        await Process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
