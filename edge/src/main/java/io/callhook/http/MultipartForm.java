package io.callhook.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.RequestContext;

/** {@code multipart/form-data} bodies (what {@code curl --form} sends), parsed by Commons FileUpload. */
final class MultipartForm {

    private static final Upload UPLOAD = new Upload();

    private MultipartForm() {
    }

    static Fields parse(String contentType, byte[] body) {
        Fields.Builder builder = Fields.builder();
        int parts = 0;
        try {
            FileItemInputIterator items = UPLOAD.getItemIterator(new Context(contentType, body));
            while (items.hasNext()) {
                FileItemInput item = items.next();
                parts++;
                try (InputStream in = item.getInputStream()) {
                    builder.add(item.getFieldName(), Utf8.decode(in.readAllBytes(), charset(item.getContentType()),
                            "a multipart field"));
                }
            }
        } catch (HttpError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw HttpError.badRequest("multipart body is malformed");
        }
        if (parts == 0) {
            throw HttpError.badRequest("multipart body has no parts; is the boundary right?");
        }
        return builder.build();
    }

    private static Charset charset(String partContentType) {
        if (partContentType != null) {
            for (String parameter : partContentType.split(";")) {
                String[] pair = parameter.trim().split("=", 2);
                if (pair.length == 2 && pair[0].equalsIgnoreCase("charset")) {
                    try {
                        return Charset.forName(pair[1].replace("\"", "").trim());
                    } catch (RuntimeException e) {
                        throw HttpError.badRequest("multipart part names an unknown charset");
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private record Context(String contentType, byte[] body) implements RequestContext {
        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public long getContentLength() {
            return body.length;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public boolean isMultipartRelated() {
            return false;
        }
    }

    /** FileUpload's core parser with no servlet API; fields are streamed, never written to disk. */
    private static final class Upload extends AbstractFileUpload<RequestContext, DiskFileItem, DiskFileItemFactory> {
        @Override
        public FileItemInputIterator getItemIterator(RequestContext request) throws IOException {
            return super.getItemIterator(request);
        }

        @Override
        public Map<String, List<DiskFileItem>> parseParameterMap(RequestContext request) {
            throw new UnsupportedOperationException("fields are streamed");
        }

        @Override
        public List<DiskFileItem> parseRequest(RequestContext request) {
            throw new UnsupportedOperationException("fields are streamed");
        }
    }
}
