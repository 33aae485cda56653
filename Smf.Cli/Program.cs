using Smf.Cli;

return await SmfCommand.RunAsync(args, CliConsole.System);
