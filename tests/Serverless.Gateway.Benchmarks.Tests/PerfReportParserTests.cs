using Serverless.Gateway.Benchmarks.Profile;

namespace Serverless.Gateway.Benchmarks.Tests;

public sealed class PerfReportParserTests
{
    // Lines of `perf report --no-children --sort dso,sym -g none --percent-limit 0 --stdio -n` as perf 6.1 printed them
    // on this project's build machine, of the gateway with every policy off (the libcrypto and Cryptography lines: with
    // policies on, whose report had wider columns). 2,778 samples in all.
    private const string SelfReport = """
        # To display the perf.data header info, please use --header/--header-only options.
        #
        #
        # Total Lost Samples: 0
        #
        # Samples: 8K of event 'cpu-clock:ppp'
        # Event count (approx.): 8436436428
        #
        # Overhead       Samples  Shared Object               Symbol
        # ........  ............  ..........................  ......
        #
            25.89%          2182  [kernel.kallsyms]           [k] pvm_irq_enable
             2.06%           174  libc.so.6                   [.] __libc_recv
             0.90%            76  [JIT] tid 18790             [.] instance !!0 [Microsoft.AspNetCore.Server.Kestrel.Core] Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.HttpProtocol::Microsoft.AspNetCore.Http.Features.IFeatureCollection.Get()[OptimizedTier1]
             0.88%            74  libcoreclr.so               [.] 0x00000000005fb897
             0.58%            49  [JIT] tid 18790             [.] stub InitThreadManagerPerfMapData<JIT_CopiedWriteBarriers>
             0.53%            45  ld-linux-x86-64.so.2        [.] __tls_get_addr
             0.44%            37  [JIT] tid 18790             [.] instance void [Polly.Core] Polly.Timeout.TimeoutResilienceStrategy+<ExecuteCore>d__12`2[System.__Canon,System.ValueTuple`2[System.__Canon,System.__Canon]]::MoveNext()[OptimizedTier1]
             0.39%            33  [JIT] tid 18790             [.] instance valuetype [System.Runtime]System.ValueTuple`2<bool,int32> [System.Net.Http] System.Net.Http.HttpConnection::ParseHeadersCore(valuetype [System.Runtime]System.Span`1<uint8>,class System.Net.Http.HttpResponseMessage,bool)[OptimizedTier1]
             0.30%            25  [JIT] tid 18790             [.] bool [Serverless.Gateway] Serverless.Gateway.Forwarding.BackendPipelineFactory::IsRetryable(class [Polly.Core]Polly.ResilienceContext,valuetype [Polly.Core]Polly.Outcome`1<class [System.Net.Http]System.Net.Http.HttpResponseMessage>)[OptimizedTier1]
             0.19%            16  libSystem.Native.so         [.] SystemNative_Receive
             0.19%            16  [JIT] tid 18790             [.] instance valuetype [System.Runtime]System.Threading.Tasks.ValueTask [Serverless.Gateway] Serverless.Gateway.Auth.IdentityHeaderTransformProvider+<>c::<Apply>b__2_0(class [Yarp.ReverseProxy]Yarp.ReverseProxy.Transforms.RequestTransformContext)[OptimizedTier1]
             0.18%            15  [vdso]                      [.] 0x00000000000007bd
             0.14%            12  [JIT] tid 18790             [.] instance void [Serverless.Gateway] Serverless.Gateway.Forwarding.RetryHandler+<>c+<<SendAsync>b__3_0>d::MoveNext()[OptimizedTier1]
             0.13%            11  System.Net.Sockets.dll      [.] 0x000000000000f87d
             0.05%             4  [JIT] tid 18790             [.] int64 [System.Private.CoreLib] dynamicClass::IL_STUB_PInvoke()[Optimized]
             0.05%             3  libcrypto.so.3                    [.] CRYPTO_atomic_load
             0.05%             3  System.Security.Cryptography.dll  [.] 0x00000000000782da
             0.02%             2  libclrjit.so                [.] 0x00000000002582c9
             0.01%             1  [JIT] tid 18790             [.] 0x00007f855e803cd8

        """;

    // Lines of `perf report --children --sort sym -g none --percent-limit 0 --stdio -n` of the same recording.
    private const string ChildrenReport = """
        # Children      Self       Samples  Symbol
        # ........  ........  ............  ......
        #
            67.58%     0.00%             0  [.] 0x00007f85d6c3cf51
            67.43%     0.00%             0  [.] start_thread
            50.12%     0.14%            12  [.] bool [System.Private.CoreLib] System.Threading.ThreadPoolWorkQueue::Dispatch()[OptimizedTier1]
            38.41%     0.11%             9  [k] do_syscall_64
            28.50%     0.65%            55  [.] instance void [Microsoft.AspNetCore.Server.Kestrel.Core] Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.HttpProtocol+<ProcessRequests>d__237`1[System.__Canon]::MoveNext()[OptimizedTier1]
            26.71%     0.01%             1  [.] instance void [System.Private.CoreLib] System.Runtime.CompilerServices.AsyncTaskMethodBuilder`1+AsyncStateMachineBox`1[System.Threading.Tasks.VoidTaskResult,Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.HttpProtocol+<ProcessRequests>d__237`1[System.__Canon]]::ExecuteFromThreadPool(class System.Threading.Thread)[OptimizedTier1]
            24.56%     0.09%             8  [.] instance void [Microsoft.AspNetCore.Authorization.Policy] Microsoft.AspNetCore.Authorization.AuthorizationMiddleware+<Invoke>d__11::MoveNext()[OptimizedTier1]
            23.75%     0.47%            40  [.] instance void [Yarp.ReverseProxy] Yarp.ReverseProxy.Forwarder.HttpForwarder+<SendAsync>d__8::MoveNext()[OptimizedTier1]
            22.03%     0.02%             2  [.] instance class [System.Runtime]System.Threading.Tasks.Task [Serverless.Gateway] Serverless.Gateway.Functions.HostInvocationMiddleware::InvokeAsync(class [Microsoft.AspNetCore.Http.Abstractions]Microsoft.AspNetCore.Http.HttpContext)[OptimizedTier1]
            20.15%     0.82%            69  [.] instance void [System.Net.Sockets] System.Net.Sockets.SocketAsyncEngine::System.Threading.IThreadPoolWorkItem.Execute()[OptimizedTier1]
            19.10%     0.14%            12  [.] instance void [Serverless.Gateway] Serverless.Gateway.Forwarding.RetryHandler+<>c+<<SendAsync>b__3_0>d::MoveNext()[OptimizedTier1]
            15.83%     0.02%             2  [.] instance valuetype [System.Runtime]System.Threading.Tasks.ValueTask`1<valuetype Polly.Outcome`1<!!0>> [Polly.Core] Polly.Utils.Pipeline.BridgeComponent`1[Serverless.Gateway.Forwarding.ProxyOutcome]::ExecuteCore(class [System.Runtime]System.Func`3<class Polly.ResilienceContext,!!1,valuetype [System.Runtime]System.Threading.Tasks.ValueTask`1<valuetype Polly.Outcome`1<!!0>>>,class Polly.ResilienceContext,!!1)[OptimizedTier1]
             9.04%     0.04%             3  [.] instance System.Threading.Tasks.ValueTask`1 /* MT: 0x7f855c558000 */<Polly.Outcome`1 /* MT: 0x7f855debbc38 */<System.Net.Http.HttpResponseMessage /* MT: 0x7f855b777fc0 */>> [Polly.Core] dynamicClass::IL_STUB_InstantiatingStub(System.Func`3 /* MT: 0x7f8558948518 */<Polly.ResilienceContext /* MT: 0x7f855dee95a0 */,System.ValueTuple`2 /* MT: 0x7f855e04a918 */,System.Threading.Tasks.ValueTask`1 /* MT: 0x7f855c558000 */<Polly.Outcome`1 /* MT: 0x7f855debbc38 */<System.Net.Http.HttpResponseMessage /* MT: 0x7f855b777fc0 */>>>,Polly.ResilienceContext /* MT: 0x7f855dee95a0 */,System.ValueTuple`2 /* MT: 0x7f855e04a918 */)[Optimized]
             8.70%     0.02%             2  [.] instance valuetype [System.Runtime]System.Threading.Tasks.ValueTask`1<valuetype Polly.Outcome`1<!!0>> [Polly.Core] Polly.Utils.Pipeline.BridgeComponent`1[System.__Canon]::ExecuteCore(class [System.Runtime]System.Func`3<class Polly.ResilienceContext,!!1,valuetype [System.Runtime]System.Threading.Tasks.ValueTask`1<valuetype Polly.Outcome`1<!!0>>>,class Polly.ResilienceContext,!!1)[OptimizedTier1]

        """;

    [Fact]
    public void Reads_every_sample_line_with_its_shared_object_space_and_count_and_skips_the_headers()
    {
        var samples = PerfReportParser.ParseSelf(SelfReport);

        Assert.Equal(19, samples.Count);
        Assert.Equal(new PerfSelfSample("[kernel.kallsyms]", true, "pvm_irq_enable", 2182), samples[0]);
        Assert.Equal(new PerfSelfSample("libc.so.6", false, "__libc_recv", 174), samples[1]);
        Assert.Equal("[JIT] tid 18790", samples[2].Dso);
        Assert.StartsWith("instance !!0 [Microsoft.AspNetCore.Server.Kestrel.Core] ", samples[2].Symbol, StringComparison.Ordinal);
        Assert.Equal(new PerfSelfSample("System.Security.Cryptography.dll", false, "0x00000000000782da", 3), samples[^3]);
        Assert.Equal(2778, samples.Sum(static sample => sample.Samples));
    }

    [Fact]
    public void Reads_the_inclusive_share_of_every_frame_as_a_fraction_of_all_samples()
    {
        var frames = PerfReportParser.ParseChildren(ChildrenReport);

        Assert.Equal(14, frames.Count);
        Assert.Equal(("0x00007f85d6c3cf51", 0.6758), (frames[0].Symbol, Math.Round(frames[0].Share, 10)));
        Assert.Equal(("do_syscall_64", 0.3841), (frames[3].Symbol, Math.Round(frames[3].Share, 10)));
        Assert.StartsWith("instance valuetype [System.Runtime]System.Threading.Tasks.ValueTask`1<valuetype Polly.Outcome`1<!!0>> [Polly.Core] ", frames[^1].Symbol, StringComparison.Ordinal);
        Assert.Equal(0.0870, frames[^1].Share, precision: 10);
    }

    [Theory]
    [InlineData("[kernel.kallsyms]", true, "pvm_irq_enable", PerfReportParser.Kernel)]
    [InlineData("libcoreclr.so", false, "0x00000000005fb897", PerfReportParser.Runtime)]
    [InlineData("libclrjit.so", false, "0x00000000002582c9", PerfReportParser.Runtime)]
    [InlineData("[JIT] tid 18790", false, "stub InitThreadManagerPerfMapData<JIT_CopiedWriteBarriers>", PerfReportParser.Runtime)]
    [InlineData("[JIT] tid 18790", false, "0x00007f855e803cd8", PerfReportParser.Runtime)]
    [InlineData("[JIT] tid 18790", false, "int64 [System.Private.CoreLib] dynamicClass::IL_STUB_PInvoke()[Optimized]", PerfReportParser.Runtime)]
    [InlineData("libc.so.6", false, "__libc_recv", PerfReportParser.Native)]
    [InlineData("ld-linux-x86-64.so.2", false, "__tls_get_addr", PerfReportParser.Native)]
    [InlineData("libSystem.Native.so", false, "SystemNative_Receive", PerfReportParser.Native)]
    [InlineData("[vdso]", false, "0x00000000000007bd", PerfReportParser.Native)]
    [InlineData("libcrypto.so.3", false, "CRYPTO_atomic_load", PerfReportParser.Native)]
    [InlineData("System.Net.Sockets.dll", false, "0x000000000000f87d", "System.Net.Sockets")]
    public void Counts_each_sample_in_the_kernel_the_runtime_native_code_or_the_assembly_of_the_dll_it_ran_in(string dso, bool kernel, string symbol, string group)
    {
        Assert.Equal(group, PerfReportParser.GroupOf(new PerfSelfSample(dso, kernel, symbol, 1)));
    }

    [Theory]
    [InlineData(
        "instance valuetype [System.Runtime]System.ValueTuple`2<bool,int32> [System.Net.Http] System.Net.Http.HttpConnection::ParseHeadersCore(valuetype [System.Runtime]System.Span`1<uint8>,class System.Net.Http.HttpResponseMessage,bool)[OptimizedTier1]",
        "System.Net.Http")]
    [InlineData(
        "bool [Serverless.Gateway] Serverless.Gateway.Forwarding.BackendPipelineFactory::IsRetryable(class [Polly.Core]Polly.ResilienceContext,valuetype [Polly.Core]Polly.Outcome`1<class [System.Net.Http]System.Net.Http.HttpResponseMessage>)[OptimizedTier1]",
        "Serverless.Gateway")]
    [InlineData(
        "instance valuetype [System.Runtime]System.Threading.Tasks.ValueTask`1<valuetype Polly.Outcome`1<!!0>> [Polly.Core] Polly.Utils.Pipeline.BridgeComponent`1[System.__Canon]::ExecuteCore(class [System.Runtime]System.Func`3<class Polly.ResilienceContext,!!1,valuetype [System.Runtime]System.Threading.Tasks.ValueTask`1<valuetype Polly.Outcome`1<!!0>>>,class Polly.ResilienceContext,!!1)[OptimizedTier1]",
        "Polly.Core")]
    public void Counts_managed_code_in_the_assembly_that_declares_the_method_not_in_those_of_its_return_or_parameter_types(string symbol, string assembly)
    {
        Assert.Equal(assembly, PerfReportParser.DeclaringAssembly(symbol));
        Assert.Equal(assembly, PerfReportParser.GroupOf(new PerfSelfSample("[JIT] tid 18790", false, symbol, 1)));
    }

    [Theory]
    [InlineData(
        "instance void [Polly.Core] Polly.Retry.RetryResilienceStrategy`1+<ExecuteCore>d__28`1[System.__Canon,System.ValueTuple`3[System.__Canon,System.__Canon,System.ValueTuple`2[System.__Canon,System.__Canon]]]::MoveNext()[OptimizedTier1]",
        "RetryResilienceStrategy.ExecuteCore (async)")]
    [InlineData(
        "instance class [System.Runtime]System.Threading.Tasks.Task [Serverless.Gateway] Serverless.Gateway.Functions.HostInvocationMiddleware::InvokeAsync(class [Microsoft.AspNetCore.Http.Abstractions]Microsoft.AspNetCore.Http.HttpContext)[OptimizedTier1]",
        "HostInvocationMiddleware.InvokeAsync")]
    [InlineData(
        "instance !!0 [Microsoft.AspNetCore.Server.Kestrel.Core] Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.HttpProtocol::Microsoft.AspNetCore.Http.Features.IFeatureCollection.Get()[OptimizedTier1]",
        "HttpProtocol.IFeatureCollection.Get")]
    [InlineData(
        "instance valuetype [System.Runtime]System.Threading.Tasks.ValueTask [Serverless.Gateway] Serverless.Gateway.Auth.IdentityHeaderTransformProvider+<>c::<Apply>b__2_0(class [Yarp.ReverseProxy]Yarp.ReverseProxy.Transforms.RequestTransformContext)[OptimizedTier1]",
        "IdentityHeaderTransformProvider.Apply (lambda)")]
    [InlineData(
        "instance void [Serverless.Gateway] Serverless.Gateway.Forwarding.RetryHandler+<>c+<<SendAsync>b__3_0>d::MoveNext()[OptimizedTier1]",
        "RetryHandler.SendAsync (async lambda)")]
    [InlineData(
        "instance void [Microsoft.AspNetCore.Server.Kestrel.Core] Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.HttpProtocol+<<FireOnCompleted>g__ProcessEvents|241_0>d::MoveNext()[OptimizedTier1]",
        "HttpProtocol.FireOnCompleted.ProcessEvents (async)")]
    [InlineData(
        "void [OpenTelemetry.Api] OpenTelemetry.Context.Propagation.TraceContextPropagator::<Inject>g__WriteTraceParentIntoSpan|23_0(valuetype [System.Runtime]System.Span`1<char>)[OptimizedTier1]",
        "TraceContextPropagator.Inject.WriteTraceParentIntoSpan")]
    [InlineData("stub InitThreadManagerPerfMapData<JIT_CopiedWriteBarriers>", "stub InitThreadManagerPerfMapData<JIT_CopiedWriteBarriers>")]
    public void Shortens_a_managed_method_to_its_type_and_method_as_the_source_names_them(string symbol, string shortName)
    {
        Assert.Equal(shortName, PerfReportParser.ShortName(symbol));
    }

    [Fact]
    public void Splits_the_measured_cpu_per_request_by_each_groups_share_of_the_samples()
    {
        // 27.78 µs over 2,778 samples: 0.01 µs a sample.
        var profile = PerfReportParser.Profile(SelfReport, ChildrenReport, 27.78, topFrames: 12);

        Assert.Equal(2778, profile.Samples);
        Assert.Equal(27.78, profile.Groups.Values.Sum(), precision: 9);
        Assert.Equal(21.82, profile.Groups[PerfReportParser.Kernel], precision: 9);
        Assert.Equal(2.53, profile.Groups[PerfReportParser.Native], precision: 9);
        Assert.Equal(1.30, profile.Groups[PerfReportParser.Runtime], precision: 9);
        Assert.Equal(0.53, profile.Groups["Serverless.Gateway"], precision: 9);
        Assert.Equal(0.37, profile.Groups["Polly.Core"], precision: 9);
        Assert.Equal(0.76, profile.Groups["Microsoft.AspNetCore.Server.Kestrel.Core"], precision: 9);
        Assert.Equal(0.11, profile.Groups["System.Net.Sockets"], precision: 9);
        Assert.DoesNotContain("System.Private.CoreLib", profile.Groups.Keys);
    }

    [Fact]
    public void Lists_the_request_paths_frames_by_inclusive_time_leaving_out_the_kernel_the_runtime_and_the_base_library()
    {
        var profile = PerfReportParser.Profile(SelfReport, ChildrenReport, 100, topFrames: 12);

        Assert.Equal(
            [
                new FrameCost("HttpProtocol.ProcessRequests (async)", 28.50),
                new FrameCost("AuthorizationMiddleware.Invoke (async)", 24.56),
                new FrameCost("HttpForwarder.SendAsync (async)", 23.75),
                new FrameCost("HostInvocationMiddleware.InvokeAsync", 22.03),
                new FrameCost("RetryHandler.SendAsync (async lambda)", 19.10),
            ],
            profile.RequestPath.Select(static frame => frame with { Microseconds = Math.Round(frame.Microseconds, 6) }));
    }

    [Fact]
    public void Keeps_only_the_top_frames_asked_for()
    {
        var profile = PerfReportParser.Profile(SelfReport, ChildrenReport, 100, topFrames: 2);

        Assert.Equal(["HttpProtocol.ProcessRequests (async)", "AuthorizationMiddleware.Invoke (async)"], profile.RequestPath.Select(static frame => frame.Frame));
    }

    [Fact]
    public void An_empty_recording_splits_nothing()
    {
        var profile = PerfReportParser.Profile("# Samples: 0\n", string.Empty, 50, topFrames: 12);

        Assert.Equal(0, profile.Samples);
        Assert.Empty(profile.Groups);
        Assert.Empty(profile.RequestPath);
    }
}
