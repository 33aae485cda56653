using Smf.Smfc;

return SmfcCommand.Run(args, Console.Out, Console.Error);
