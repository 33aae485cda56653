global using Smf.Transport;
