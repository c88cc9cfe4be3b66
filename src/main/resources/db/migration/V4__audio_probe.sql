-- What the probe at upload found in audio (sample rate, channels, the 100-peak waveform as comma-separated integers)
-- and the BlurHash placeholder of images and videos.
ALTER TABLE media ADD COLUMN sample_rate INTEGER;
ALTER TABLE media ADD COLUMN channels INTEGER;
ALTER TABLE media ADD COLUMN waveform VARCHAR(8000);
ALTER TABLE media ADD COLUMN blurhash VARCHAR(128);
