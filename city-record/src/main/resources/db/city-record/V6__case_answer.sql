-- 直接办结: the answer the agent gave on the call, kept beside the summary (issue 10).
ALTER TABLE hotline.case_record ADD COLUMN answer text;
