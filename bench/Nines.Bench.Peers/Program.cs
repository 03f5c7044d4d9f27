using Nines.Bench.Peers;

// Macro-benchmarks: Nines and its peers started side by side on this machine, fed the same load.
// `ingest [--series N] [--rounds R] [--senders S] [--peers nines,victoria-metrics,prometheus]`
if (args.Length > 0 && args[0] == "ingest")
{
    return await IngestScenario.RunAsync(args);
}

Console.Error.WriteLine("usage: Nines.Bench.Peers ingest [--series 100000] [--rounds 20] [--batch 2000] [--senders 4] [--repeats 1] [--peers nines,victoria-metrics,prometheus] [--nines PATH/nines.dll] [--baseline PATH/nines.dll]");
return 2;
