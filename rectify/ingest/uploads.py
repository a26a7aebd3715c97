"""The upload handler that stops an uploaded file at the import size limit while it streams in.

Django streams files over FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file; this handler, first in
FILE_UPLOAD_HANDLERS, counts the bytes of each file and skips the rest of one that passes
`jobs.MAX_UPLOAD_BYTES`, noting its name on the request (`request.uploads_refused`) for the view to say so.
"""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class SizeLimitUploadHandler(FileUploadHandler):
    """Counts each uploaded file's bytes; over the limit, the file is skipped and its name noted."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        from rectify.ingest.jobs import MAX_UPLOAD_BYTES

        self.received += len(raw_data)
        if self.received > MAX_UPLOAD_BYTES:
            if self.request is not None:
                refused = getattr(self.request, "uploads_refused", [])
                self.request.uploads_refused = [*refused, self.file_name]
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) makes the file
