app_name = "telefonie"
urlpatterns: list = []
