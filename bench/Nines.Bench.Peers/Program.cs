using Nines.Bench.Peers;

// Macro-benchmarks: Nines and its peers started side by side on this machine, fed the same load.
// `ingest [--series N] [--rounds R] [--senders S] [--peers nines,victoria-metrics,prometheus]`
if (args.Length > 0 && args[0] == "ingest")
{
    return await IngestScenario.RunAsync(args);
}

// `query [--days 7] [--scrape 60] [--runs 5] [--ranges instant,1h,24h,7d] [--peers nines,prometheus]`
if (args.Length > 0 && args[0] == "query")
{
    return await QueryScenario.RunAsync(args);
}

Console.Error.WriteLine("usage: Nines.Bench.Peers ingest [--series 100000] [--rounds 20] [--batch 2000] [--senders 4] [--repeats 1] [--peers nines,victoria-metrics,prometheus] [--nines PATH/nines.dll] [--baseline PATH/nines.dll]");
Console.Error.WriteLine("       Nines.Bench.Peers query [--days 7] [--scrape 60] [--runs 5] [--ranges instant,1h,24h,7d] [--peers nines,prometheus] [--data DIR] [--nines PATH/nines.dll]");
return 2;
