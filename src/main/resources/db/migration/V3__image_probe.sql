-- What the probe at upload found in images (width and height are in V1).
ALTER TABLE media ADD COLUMN animated BOOLEAN;
ALTER TABLE media ADD COLUMN frame_count INTEGER;
