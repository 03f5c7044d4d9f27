using Nines.Cli;

return await NinesCli.RunAsync(args, Console.Out, Console.Error);
