-- What the probe at upload found in videos and audio (width, height, duration_ms and rotation are in V1).
ALTER TABLE media ADD COLUMN video_codec VARCHAR(32);
ALTER TABLE media ADD COLUMN audio_codec VARCHAR(32);
ALTER TABLE media ADD COLUMN bitrate BIGINT;
ALTER TABLE media ADD COLUMN fps DOUBLE PRECISION;
ALTER TABLE media ADD COLUMN has_audio BOOLEAN;
